import { timingSafeEqual } from 'node:crypto';
import { unauthenticated, type Identity } from '@sw/kernel';
import type { ApiKeyVerifier } from './api-keys';
import { looksLikeJwt, type JwtVerifier } from './jwt';

export const ADMIN_SCOPES = ['pii:read', 'idcheck:use', 'keys:manage', 'audit:read', 'declarations:write', 'credit:write', 'trace:write'];

export interface AuthenticatorOptions {
  adminApiKey?: string;
  apiKeys?: ApiKeyVerifier;
  jwt?: JwtVerifier;
}

/**
 * Resolves `Authorization: Bearer <key or JWT>` to the caller. No header is an anonymous
 * caller (who sees what is public); a credential that does not verify is UNAUTHENTICATED.
 */
export class Authenticator {
  constructor(private readonly options: AuthenticatorOptions) {}

  async identify(authorization: string | undefined): Promise<Identity | undefined> {
    if (!authorization) return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('the Authorization header must be "Bearer <key or JWT>"');
    const token = match[1]!;
    const { adminApiKey, apiKeys, jwt } = this.options;
    if (adminApiKey && sameSecret(token, adminApiKey)) return { subject: 'admin', role: 'REGULATOR', scopes: [...ADMIN_SCOPES] };
    if (looksLikeJwt(token)) {
      if (!jwt) throw unauthenticated('this gateway accepts no JWTs: no JWKS is configured');
      return jwt.verify(token);
    }
    const identity = await apiKeys?.verify(token);
    if (!identity) throw unauthenticated('the API key is unknown, revoked or expired');
    return identity;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
