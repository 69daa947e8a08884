import { createHash } from 'node:crypto';

/** The prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers: every column but prev_hash and hash. */
export interface ChainedEntry {
  seq: bigint | number | string;
  id: string;
  at: Date;
  actor: string;
  action: string;
  subject: string;
  detail: Record<string, unknown>;
}

/**
 * JSON with object keys sorted (by UTF-16 code units, as Array.prototype.sort does) at every
 * level, no whitespace, and keys whose value is undefined left out; anyone can recompute it.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * sha256 hex of `prevHash` followed by the canonical JSON of
 * `{ action, actor, at (ISO-8601, milliseconds, Z), detail, id, seq (decimal string), subject }`.
 * Including seq and the previous hash means no entry can be changed, removed or moved without
 * breaking the chain from there on.
 */
export function entryHash(prevHash: string, entry: ChainedEntry): string {
  const fields = {
    action: entry.action, actor: entry.actor, at: entry.at.toISOString(), detail: entry.detail,
    id: entry.id, seq: String(entry.seq), subject: entry.subject,
  };
  return createHash('sha256').update(prevHash + canonicalJson(fields), 'utf8').digest('hex');
}
