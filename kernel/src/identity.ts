import { createHmac, timingSafeEqual } from 'node:crypto';
import { ROLES, type Identity } from './context';
import type { EnvReader } from './config';

/** How long a signed identity stays valid: long enough for one federated request. */
const LIFETIME_MS = 5 * 60_000;

/** The gateway's word on who calls: an identity, or `null` for an anonymous caller. */
export interface SignedCall {
  caller: Identity | null;
}

/**
 * HMAC-signs what the gateway forwards so subgraphs can refuse calls that did not come
 * through it. Keys carry ids and the first one signs, so keys rotate without downtime:
 * add the new key second everywhere, then move it first, then drop the old one.
 */
export class IdentitySigner {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentKeyId: string;

  /** `keys` is "id:secret,id:secret", the signing key first. */
  constructor(keys: string) {
    for (const entry of keys.split(',').map((part) => part.trim()).filter(Boolean)) {
      const separator = entry.indexOf(':');
      const id = entry.slice(0, separator);
      const secret = entry.slice(separator + 1);
      if (separator <= 0 || secret.length < 16) throw new Error(`identity signing key "${id}" must be id:secret with a secret of 16 characters or more`);
      this.keys.set(id, Buffer.from(secret));
    }
    const first = this.keys.keys().next();
    if (first.done) throw new Error('at least one identity signing key is required');
    this.currentKeyId = first.value;
  }

  sign(caller: Identity | null, now = Date.now()): string {
    const payload = Buffer.from(JSON.stringify({ caller, exp: now + LIFETIME_MS })).toString('base64url');
    return `${payload}.${this.currentKeyId}.${this.mac(this.currentKeyId, payload)}`;
  }

  /** The call's caller when the signature and expiry hold, else undefined. */
  verify(header: string, now = Date.now()): SignedCall | undefined {
    const [payload, keyId, mac] = header.split('.');
    if (!payload || !keyId || !mac || !this.keys.has(keyId)) return undefined;
    const expected = Buffer.from(this.mac(keyId, payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const { caller, exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      if (typeof exp !== 'number' || exp < now) return undefined;
      return { caller: caller === null ? null : asIdentity(caller) ?? null };
    } catch {
      return undefined;
    }
  }

  private mac(keyId: string, payload: string): string {
    return createHmac('sha256', this.keys.get(keyId)!).update(payload).digest('base64url');
  }
}

function asIdentity(value: Record<string, unknown>): Identity | undefined {
  if (typeof value?.subject !== 'string' || !ROLES.includes(value.role as never) || !Array.isArray(value.scopes)) return undefined;
  return {
    subject: value.subject,
    role: value.role as Identity['role'],
    uscc: typeof value.uscc === 'string' ? value.uscc : undefined,
    scopes: value.scopes.map(String),
  };
}

/** For local development and tests only; production refuses to start without its own keys. */
export const DEV_IDENTITY_SIGNING_KEYS = 'dev1:single-window-development-identity-key';

/** How a subgraph tells calls that came through the gateway. */
export interface GatewayTrust {
  signer: IdentitySigner;
  /** Development only: a call without a valid signature runs as an anonymous caller instead of being refused. */
  allowDirectCalls: boolean;
}

/** Reads IDENTITY_SIGNING_KEYS; production needs real keys. */
export function readIdentitySigner(read: EnvReader, production: boolean): IdentitySigner {
  const keys = production ? read.string('IDENTITY_SIGNING_KEYS') : read.string('IDENTITY_SIGNING_KEYS', DEV_IDENTITY_SIGNING_KEYS);
  try {
    return new IdentitySigner(keys || DEV_IDENTITY_SIGNING_KEYS);
  } catch (error) {
    read.problem(`IDENTITY_SIGNING_KEYS: ${(error as Error).message}`);
    return new IdentitySigner(DEV_IDENTITY_SIGNING_KEYS);
  }
}

/** Reads the signing keys and ALLOW_DIRECT_SUBGRAPH_CALLS, which production refuses. */
export function readGatewayTrust(read: EnvReader, production: boolean): GatewayTrust {
  const allowDirectCalls = read.bool('ALLOW_DIRECT_SUBGRAPH_CALLS', false);
  if (production && allowDirectCalls) read.problem('ALLOW_DIRECT_SUBGRAPH_CALLS is for development and cannot be set in production');
  return { signer: readIdentitySigner(read, production), allowDirectCalls };
}
