import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ROLES, unauthenticated, usccProblem, type Identity } from '@sw/kernel';
import { INTERNAL_SCOPES } from './api-keys';

export interface JwtOptions {
  /** A JWKS endpoint, or a file holding a JWKS document. */
  jwksUrl?: string;
  jwksPath?: string;
  issuer?: string;
  audience?: string;
}

/** Verifies partner JWTs against a configured JWKS; the claims `sub role uscc scope` become the caller. */
export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: JwtOptions) {
    if (options.jwksUrl) this.keys = createRemoteJWKSet(new URL(options.jwksUrl));
    else if (options.jwksPath) this.keys = createLocalJWKSet(JSON.parse(readFileSync(options.jwksPath, 'utf8')));
    else throw new Error('a JWKS URL or file is required');
  }

  async verify(token: string): Promise<Identity> {
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, this.keys, { issuer: this.options.issuer, audience: this.options.audience }));
    } catch (error) {
      throw unauthenticated(`the JWT was not accepted: ${(error as Error).message}`);
    }
    const role = claims.role;
    if (typeof claims.sub !== 'string' || !ROLES.includes(role as never)) {
      throw unauthenticated(`the JWT must carry sub and role (one of ${ROLES.join(', ')})`);
    }
    const uscc = typeof claims.uscc === 'string' ? claims.uscc : undefined;
    if (role !== 'REGULATOR' && (!uscc || usccProblem(uscc))) throw unauthenticated(`a ${role} JWT must carry the caller's uscc`);
    // Internal scopes belong to the gateway's own calls; no token can carry them.
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter((scope) => scope && !INTERNAL_SCOPES.includes(scope)) : [];
    return { subject: `jwt:${claims.sub}`, role: role as Identity['role'], uscc, scopes };
  }
}

/** A JWT has three dot-separated parts; API keys have none. */
export const looksLikeJwt = (token: string) => token.split('.').length === 3;
