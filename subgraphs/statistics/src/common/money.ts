/**
 * Money as the partner contract fixes it: decimal strings with two places, never floats. Sums
 * happen in PostgreSQL numeric or here in integer fen (bigint), so no amount is ever rounded.
 */
const DECIMAL = /^(-?)(\d{1,18})(?:\.(\d{1,2}))?$/;

/** Whether `value` is a decimal string with at most two places (and, unless `signed`, not negative). */
export function isMoney(value: unknown, signed = false): value is string {
  if (typeof value !== 'string') return false;
  const match = DECIMAL.exec(value);
  return match !== null && (signed || match[1] === '');
}

/** A decimal string (at most two places) as integer fen. */
export function toFen(value: string): bigint {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new Error(`not a decimal amount: ${JSON.stringify(value)}`);
  const fen = BigInt(match[2]) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -fen : fen;
}

/** Integer fen as a decimal string with two places. */
export function fenToMoney(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** A numeric as PostgreSQL returns it (text, maybe with more or fewer places) as fen; null is 0. */
export function numericToFen(value: string | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  const [whole, fraction = ''] = value.split('.');
  return toFen(`${whole}.${fraction.slice(0, 2)}`);
}

/** `part / whole` rounded to six places; null when the whole is zero (unknown, not infinite). */
export function ratio(part: bigint, whole: bigint): number | null {
  if (whole === 0n) return null;
  return round(Number(part) / Number(whole), 6);
}

/** Growth of `current` over `previous` (0.25 = +25 %), null when there is nothing to compare with. */
export function growth(current: bigint, previous: bigint | undefined): number | null {
  if (previous === undefined || previous === 0n) return null;
  return round(Number(current) / Number(previous) - 1, 6);
}

export function round(value: number, places: number): number {
  const factor = 10 ** places;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}
