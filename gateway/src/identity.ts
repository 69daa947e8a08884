import { timingSafeEqual } from 'node:crypto';
import { unauthenticated, type Identity } from '@sw/kernel';

export const ADMIN_SCOPES = ['pii:read', 'idcheck:use', 'keys:manage', 'audit:read', 'declarations:write', 'credit:write', 'trace:write'];

/**
 * Resolves `Authorization: Bearer <key>` to the caller. No header means an anonymous
 * caller (who may read public data); a header that does not verify is UNAUTHENTICATED.
 */
export function identify(authorization: string | undefined, adminApiKey: string | undefined): Identity | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw unauthenticated('the Authorization header must be "Bearer <key or JWT>"');
  if (adminApiKey && sameSecret(match[1]!, adminApiKey)) {
    return { subject: 'admin', role: 'REGULATOR', scopes: [...ADMIN_SCOPES] };
  }
  throw unauthenticated('the API key or JWT was not accepted');
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
