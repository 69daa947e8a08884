import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Loaders } from './loaders';
import { appError, unauthenticated, forbidden } from './errors';
import type { GatewayTrust } from './identity';

export type Role = 'REGULATOR' | 'ENTERPRISE' | 'PARTNER';
export const ROLES: readonly Role[] = ['REGULATOR', 'ENTERPRISE', 'PARTNER'];

/** Who is calling, as verified by the gateway. */
export interface Identity {
  subject: string;
  role: Role;
  uscc?: string;
  scopes: string[];
}

export type Language = 'en' | 'zh';

/** Everything a resolver may know about the request it serves. */
export interface RequestContext {
  requestId: string;
  identity?: Identity;
  lang: Language;
  loaders: Loaders;
}

/** The header that carries the caller's identity from the gateway to subgraphs. */
export const IDENTITY_HEADER = 'x-sw-identity';

export function languageOf(acceptLanguage: string | undefined): Language {
  return acceptLanguage?.trim().toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/**
 * Builds the per-request context: the caller as the gateway signed it, and fresh loaders so
 * no cache outlives its request. A call without a valid signature did not come through the
 * gateway and is refused.
 */
export function contextFromHeaders(headers: IncomingHttpHeaders, trust: GatewayTrust): RequestContext {
  const header = headers[IDENTITY_HEADER];
  const call = trust.signer.verify((Array.isArray(header) ? header[0] : header) ?? '');
  if (!call && !trust.allowDirectCalls) {
    throw appError('UNAUTHENTICATED', 'subgraphs answer only calls that come through the gateway', { http: { status: 401 } });
  }
  return {
    requestId: String(headers['x-request-id'] ?? randomUUID()),
    identity: call?.caller ?? undefined,
    lang: languageOf(headers['accept-language']),
    loaders: new Loaders(),
  };
}

/** The caller, or UNAUTHENTICATED. */
export function requireIdentity(context: RequestContext): Identity {
  if (!context.identity) throw unauthenticated();
  return context.identity;
}

export function hasScope(identity: Identity | undefined, scope: string): boolean {
  return identity?.role === 'REGULATOR' || (identity?.scopes.includes(scope) ?? false);
}

/** The caller holding `scope`, or FORBIDDEN naming it. */
export function requireScope(context: RequestContext, scope: string): Identity {
  const identity = requireIdentity(context);
  if (!hasScope(identity, scope)) throw forbidden(`this needs the scope ${scope}`);
  return identity;
}

/** The actor name recorded in events and history. */
export const actorOf = (context: RequestContext) => context.identity?.subject ?? 'anonymous';
