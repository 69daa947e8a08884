import { forbidden, requireIdentity, requireScope, type Identity, type RequestContext } from '@sw/kernel';

export const CREDIT_WRITE = 'credit:write';

/**
 * Credit records and the negative list are written by regulators: the scope credit:write (which
 * the gateway also enforces from the SDL) and the REGULATOR role. Third-party credit sources
 * (industry associations, banks) will come through their own events, not this door.
 */
export function requireCreditWriter(context: RequestContext): Identity {
  const identity = requireScope(context, CREDIT_WRITE);
  if (identity.role !== 'REGULATOR') throw forbidden(`credit records and the negative list are written by regulators only (REGULATOR with ${CREDIT_WRITE})`);
  return identity;
}

/** The caller when it is a regulator, else FORBIDDEN naming `what`. */
export function requireRegulator(context: RequestContext, what: string): Identity {
  const identity = requireIdentity(context);
  if (identity.role !== 'REGULATOR') throw forbidden(`${what} are for regulators only`);
  return identity;
}
