import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Field encryption for personal data (AES-256-GCM) with key ids, so keys rotate without
 * downtime: new values use the first key, old values still decrypt with theirs, and
 * `npm run pii:rotate` re-seals the old ones under the first key.
 *
 * A sealed value is `keyId:iv:tag:ciphertext` (base64 parts), so its key id is readable
 * (and queryable in SQL with `split_part(column, ':', 1)`) without decrypting it.
 */
export class PiiVault {
  private readonly keys: Map<string, Buffer>;
  /** The id of the key that seals new values: the first one listed. */
  readonly currentKeyId: string;

  /** `keys` is "id:base64key,id:base64key" (32-byte keys), the current one first. */
  constructor(keys: string, private readonly hashKey: Buffer) {
    this.keys = new Map();
    for (const entry of keys.split(',').map((part) => part.trim()).filter(Boolean)) {
      const [id, material] = entry.split(':');
      const key = Buffer.from(material ?? '', 'base64');
      if (!id || key.length !== 32) throw new Error(`PII key "${id ?? ''}" must be id:base64 of 32 bytes`);
      // A repeated id would silently shadow one key with another and make its values undecryptable.
      if (this.keys.has(id)) throw new Error(`PII key id "${id}" is listed twice; every key needs its own id`);
      this.keys.set(id, key);
    }
    const first = this.keys.keys().next();
    if (first.done) throw new Error('at least one PII encryption key is required');
    this.currentKeyId = first.value;
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [this.currentKeyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  decrypt(sealed: string): string {
    const [keyId, iv, tag, body] = sealed.split(':');
    const key = this.keys.get(keyId ?? '');
    if (!key) {
      throw new Error(`cannot decrypt: unknown key id "${keyId}" (PII_ENCRYPTION_KEYS must keep every key that still seals values)`);
    }
    if (!iv || !tag || body === undefined) throw new Error(`cannot decrypt: a value under key "${keyId}" is not iv:tag:ciphertext`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      // GCM's own message ("unable to authenticate data") does not say which key or why.
      throw new Error(`cannot decrypt: a value under key "${keyId}" fails authentication (altered, or sealed with another key of that id)`);
    }
  }

  /** The key id a sealed value was encrypted with (no decryption). */
  keyIdOf(sealed: string): string {
    return sealed.slice(0, Math.max(0, sealed.indexOf(':')));
  }

  /** Whether a sealed value is under the current key, i.e. needs no re-sealing. */
  isCurrent(sealed: string): boolean {
    return this.keyIdOf(sealed) === this.currentKeyId;
  }

  /** The value sealed again under the current key, or the same string when it already is. */
  reseal(sealed: string): string {
    return this.isCurrent(sealed) ? sealed : this.encrypt(this.decrypt(sealed));
  }

  /** A keyed hash for lookups: equal inputs give equal ids in every service holding the key. */
  hash(value: string): string {
    return createHmac('sha256', this.hashKey).update(value).digest('hex').slice(0, 32);
  }
}

/** Fixed keys for local development and tests only; production refuses to start without its own. */
export const DEV_PII_KEYS = `dev1:${Buffer.alloc(32, 7).toString('base64')}`;
export const DEV_PII_HASH_KEY = 'single-window-development-hash-key';
