import { forbidden, requireIdentity, type Identity, type RequestContext } from '@sw/kernel';

/** The subject the gateway signs its own calls with (key verification, audit records). */
export const GATEWAY_SUBJECT = 'gateway';

/** Scopes only the gateway's own identity carries; no API key can be issued with them. */
export const INTERNAL_SCOPES = ['keys:verify', 'audit:write'] as const;
export type InternalScope = (typeof INTERNAL_SCOPES)[number];

/**
 * The gateway calling on its own behalf, or FORBIDDEN. `hasScope` grants a REGULATOR every
 * scope, so a regulator's API key would pass `requireScope`; internal operations therefore
 * also require the gateway's subject and the scope listed explicitly.
 */
export function requireGateway(context: RequestContext, scope: InternalScope): Identity {
  const identity = requireIdentity(context);
  if (identity.subject !== GATEWAY_SUBJECT || !identity.scopes.includes(scope)) {
    throw forbidden(`only the gateway may call this (internal scope ${scope})`);
  }
  return identity;
}
