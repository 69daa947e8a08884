import { forbidden, requireIdentity, type Identity, type RequestContext } from '@sw/kernel';

/** The caller when it is a regulator, else FORBIDDEN naming `what`. */
export function requireRegulator(context: RequestContext, what: string): Identity {
  const identity = requireIdentity(context);
  if (identity.role !== 'REGULATOR') throw forbidden(`${what}: for regulators only`);
  return identity;
}

/**
 * Whether the caller sees aggregate cells of any size. Regulators do; every other authenticated
 * caller sees aggregates with small cells pooled (trade/disclosure.ts), so that no figure is one
 * enterprise's own trade.
 */
export const seesEveryCell = (identity: Identity) => identity.role === 'REGULATOR';
