import { createHash } from 'node:crypto';
import { appError, IDENTITY_HEADER, ROLES, type Identity, type IdentitySigner } from '@sw/kernel';

/** The gateway's own identity towards the access subgraph; these internal scopes are never granted to a key. */
export const INTERNAL_SCOPES = ['keys:verify', 'audit:write'];
export const GATEWAY_CALLER: Identity = { subject: 'gateway', role: 'REGULATOR', scopes: INTERNAL_SCOPES };

const VERIFY = `query($keyHash: String!) { verifyApiKey(keyHash: $keyHash) { id role uscc scopes expiresAt revokedAt } }`;

interface Cached {
  identity: Identity | null;
  keyId?: string;
  until: number;
}

/**
 * Checks partner API keys against the access subgraph, which stores only their SHA-256.
 * Answers are cached briefly; a revocation clears the cache (see key-invalidation.ts).
 */
export class ApiKeyVerifier {
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly accessUrl: string, private readonly signer: IdentitySigner, private readonly cacheMs = 30_000) {}

  async verify(key: string, now = Date.now()): Promise<Identity | undefined> {
    const keyHash = createHash('sha256').update(key).digest('hex');
    const cached = this.cache.get(keyHash);
    if (cached && cached.until > now) return cached.identity ?? undefined;
    const found = await this.lookup(keyHash);
    const live = found && !found.revokedAt && (!found.expiresAt || Date.parse(found.expiresAt) > now);
    const identity = live && ROLES.includes(found.role) ? { subject: `key:${found.id}`, role: found.role, uscc: found.uscc ?? undefined, scopes: found.scopes } : null;
    // An expiring key is cached no longer than it lives.
    const until = Math.min(now + this.cacheMs, found?.expiresAt ? Date.parse(found.expiresAt) : Infinity);
    this.cache.set(keyHash, { identity, keyId: found?.id, until });
    return identity ?? undefined;
  }

  /** Forgets one key (by id) or every key. */
  invalidate(keyId?: string): void {
    if (keyId === undefined) return this.cache.clear();
    for (const [hash, entry] of this.cache) if (entry.keyId === keyId) this.cache.delete(hash);
  }

  private async lookup(keyHash: string): Promise<VerifiedKey | null> {
    let response: Response;
    try {
      response = await fetch(this.accessUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: this.signer.sign(GATEWAY_CALLER) },
        body: JSON.stringify({ query: VERIFY, variables: { keyHash } }),
        signal: AbortSignal.timeout(5000),
      });
    } catch {
      throw appError('UPSTREAM_UNAVAILABLE', 'API keys cannot be checked right now; retry shortly');
    }
    const body = (await response.json().catch(() => ({}))) as { data?: { verifyApiKey: VerifiedKey | null }; errors?: unknown[] };
    if (!body.data) throw appError('UPSTREAM_UNAVAILABLE', 'API keys cannot be checked right now; retry shortly');
    return body.data.verifyApiKey;
  }
}

interface VerifiedKey {
  id: string;
  role: Identity['role'];
  uscc: string | null;
  scopes: string[];
  expiresAt: string | null;
  revokedAt: string | null;
}
