// Exact arithmetic for tax assessment. decimal.js is not a dependency of this repo, so amounts
// and rates are exact fractions of BigInts: no float ever touches money (STYLE), and a rate such
// as 0.15 / (1 − 0.15) stays exact until the single half-up rounding of each tax.

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** An exact fraction num/den with den > 0, always reduced. */
export class Rational {
  readonly num: bigint;
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    if (den === 0n) throw new RangeError('division by zero');
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    const g = gcd(num, den);
    this.num = g > 1n ? num / g : num;
    this.den = g > 1n ? den / g : den;
  }

  static of(num: bigint, den: bigint = 1n): Rational {
    return new Rational(num, den);
  }

  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  /** Parses a plain decimal string ("12", "0.15", "-3.5"); returns null for anything else. */
  static parse(text: string): Rational | null {
    const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
    if (!match) return null;
    const [, sign, whole, fraction = ''] = match;
    const num = BigInt(whole + fraction) * (sign === '-' ? -1n : 1n);
    return new Rational(num, 10n ** BigInt(fraction.length));
  }

  /** An amount of fen (0.01 CNY) as yuan. */
  static fromFen(fen: bigint): Rational {
    return new Rational(fen, 100n);
  }

  add(other: Rational): Rational {
    return new Rational(this.num * other.den + other.num * this.den, this.den * other.den);
  }

  sub(other: Rational): Rational {
    return new Rational(this.num * other.den - other.num * this.den, this.den * other.den);
  }

  mul(other: Rational): Rational {
    return new Rational(this.num * other.num, this.den * other.den);
  }

  div(other: Rational): Rational {
    return new Rational(this.num * other.den, this.den * other.num);
  }

  cmp(other: Rational): -1 | 0 | 1 {
    const left = this.num * other.den;
    const right = other.num * this.den;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  isNegative(): boolean {
    return this.num < 0n;
  }

  isZero(): boolean {
    return this.num === 0n;
  }

  /**
   * Rounds to whole fen, half-up (四舍五入: a half goes away from zero). Every tax and the
   * dutiable value go through here exactly once.
   */
  toFen(): bigint {
    const scaled = this.num * 100n;
    const negative = scaled < 0n;
    const magnitude = negative ? -scaled : scaled;
    const quotient = magnitude / this.den;
    const remainder = magnitude % this.den;
    const rounded = remainder * 2n >= this.den ? quotient + 1n : quotient;
    return negative ? -rounded : rounded;
  }

  /** The largest integer not above this value. */
  floor(): bigint {
    const q = this.num / this.den;
    return this.num < 0n && q * this.den !== this.num ? q - 1n : q;
  }

  /** A decimal string for display, cut (not rounded) to at most `places` fraction digits. */
  toDecimalString(places = 8): string {
    const negative = this.num < 0n;
    const magnitude = negative ? -this.num : this.num;
    const scaled = (magnitude * 10n ** BigInt(places)) / this.den;
    const text = scaled.toString().padStart(places + 1, '0');
    const whole = text.slice(0, text.length - places);
    const fraction = text.slice(text.length - places).replace(/0+$/, '');
    return `${negative && scaled !== 0n ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
  }
}

/** Fen as a 2-place decimal string, the form of every money field in the API ("1234.50"). */
export function formatFen(fen: bigint): string {
  const negative = fen < 0n;
  const magnitude = negative ? -fen : fen;
  const whole = magnitude / 100n;
  const cents = (magnitude % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${cents}`;
}

/** Parses a non-negative CNY amount ("26000", "123.4", "0.05") to fen; null when not one. */
export function parseCnyToFen(text: string): bigint | null {
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return null;
  const value = Rational.parse(text);
  return value === null ? null : value.num * (100n / value.den);
}

/** Sum of 2-place CNY amounts, exact ("0.10" + "0.20" = "0.30"), for the caller's quota ledger. */
export function addCny(...amounts: string[]): string {
  let fen = 0n;
  for (const amount of amounts) {
    const parsed = parseCnyToFen(amount);
    if (parsed === null) throw new RangeError(`addCny: "${amount}" is not a CNY amount with at most 2 decimals`);
    fen += parsed;
  }
  return formatFen(fen);
}

/**
 * `from − amount`, floored at 0.00: releasing a purchase's quota contribution (rejection, return)
 * never leaves a negative annual total.
 */
export function subtractCny(from: string, amount: string): string {
  const a = parseCnyToFen(from);
  const b = parseCnyToFen(amount);
  if (a === null || b === null) {
    throw new RangeError(`subtractCny: "${a === null ? from : amount}" is not a CNY amount with at most 2 decimals`);
  }
  return formatFen(a > b ? a - b : 0n);
}

/**
 * Splits `totalFen` into parts proportional to `weights` that add up to exactly `totalFen`
 * (largest remainder; a tie goes to the earlier part). With all weights zero the split is even.
 */
export function apportionFen(totalFen: bigint, weights: readonly Rational[]): bigint[] {
  if (weights.length === 0) return [];
  const allZero = weights.every((weight) => weight.isZero());
  const effective = allZero ? weights.map(() => Rational.ONE) : weights;
  const sum = effective.reduce((acc, weight) => acc.add(weight), Rational.ZERO);
  const exact = effective.map((weight) => Rational.of(totalFen).mul(weight).div(sum));
  const parts = exact.map((share) => share.floor());
  let left = totalFen - parts.reduce((acc, part) => acc + part, 0n);
  const order = exact
    .map((share, index) => ({ index, remainder: share.sub(Rational.of(parts[index])) }))
    .sort((a, b) => b.remainder.cmp(a.remainder) || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0n) break;
    parts[index] += 1n;
    left -= 1n;
  }
  return parts;
}
