import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Field encryption for personal data (AES-256-GCM) with key ids, so keys rotate without
 * downtime: new values use the first key, old values still decrypt with theirs.
 */
export class PiiVault {
  private readonly keys: Map<string, Buffer>;
  private readonly currentKeyId: string;

  /** `keys` is "id:base64key,id:base64key" (32-byte keys), the current one first. */
  constructor(keys: string, private readonly hashKey: Buffer) {
    this.keys = new Map();
    for (const entry of keys.split(',').map((part) => part.trim()).filter(Boolean)) {
      const [id, material] = entry.split(':');
      const key = Buffer.from(material ?? '', 'base64');
      if (!id || key.length !== 32) throw new Error(`PII key "${id ?? ''}" must be id:base64 of 32 bytes`);
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
    if (!key || !iv || !tag || body === undefined) throw new Error(`cannot decrypt: unknown key id "${keyId}"`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  /** A keyed hash for lookups: equal inputs give equal ids in every service holding the key. */
  hash(value: string): string {
    return createHmac('sha256', this.hashKey).update(value).digest('hex').slice(0, 32);
  }
}

/** Fixed keys for local development and tests only; production refuses to start without its own. */
export const DEV_PII_KEYS = `dev1:${Buffer.alloc(32, 7).toString('base64')}`;
export const DEV_PII_HASH_KEY = 'single-window-development-hash-key';
