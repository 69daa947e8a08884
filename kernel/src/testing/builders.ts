import { createHash } from 'node:crypto';
import { residentIdCheckCharacter } from '../validation/resident-id';
import { usccCheckCharacter } from '../validation/uscc';

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A number from `seed`: numbers as they are, strings through SHA-256 (deterministic). */
export function seedNumber(seed: number | string): number {
  if (typeof seed === 'number') return seed;
  return createHash('sha256').update(seed).digest().readUInt32BE(0);
}

/**
 * A valid USCC (GB 32100-2015) made deterministically from `seed`: `prefix` (10 characters) followed
 * by the seed in base 31 over the USCC charset (7 places) and the check character. Numeric seeds
 * keep their order. Each subgraph's tests use their own prefix so their enterprises never collide.
 */
export function validUscc(seed: number | string, prefix = '91410100MA'): string {
  let n = seedNumber(seed) % 31 ** 7;
  let body = '';
  for (let i = 0; i < 7; i++) {
    body = USCC_CHARSET[n % 31] + body;
    n = Math.floor(n / 31);
  }
  const first17 = `${prefix}${body}`;
  return first17 + usccCheckCharacter(first17);
}

/** A valid 18-digit resident ID (GB 11643-1999): the area, the birth date, a 3-digit sequence from `seed`, the check. */
export function validResidentId(seed: number | string, birth = '19900101', area = '410105'): string {
  const sequence = String(seedNumber(seed) % 1000).padStart(3, '0');
  const first17 = `${area}${birth}${sequence}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** A valid 10-character customs registration code from `seed`: area `4101` and six digits. */
export function validCustomsCode(seed: number | string): string {
  return `4101${String(seedNumber(seed) % 1_000_000).padStart(6, '0')}`;
}
