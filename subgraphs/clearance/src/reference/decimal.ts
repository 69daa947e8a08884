// Decimal strings, validated and computed exactly: a value is a BigInt count of units at a scale
// (12.50 = 1250 units at scale 2). No float ever touches an amount (STYLE.md: money is a decimal string).

/** What a decimal input must satisfy. */
export interface DecimalRules {
  /** Most digits after the point; trailing zeros do not count (12.500 has 1 significant decimal). */
  maxScale: number;
  /** Most digits before the point (leading zeros do not count); the CEB messages' N19,5 allows 14. */
  maxIntegerDigits?: number;
  /** Refuse zero as well as negative values. */
  positive?: boolean;
  /** Accept negative values; refused by default, as no amount or quantity in the CEB messages is negative. */
  allowNegative?: boolean;
  /** Inclusive lower bound, a decimal string. */
  min?: string;
  /** Inclusive upper bound, a decimal string. */
  max?: string;
}

/** An exact decimal: `units / 10^scale`. */
export interface Decimal {
  units: bigint;
  scale: number;
}

const SHAPE = /^(-?)(\d+)(?:\.(\d+))?$/;
const FORM = "a decimal number written with digits and an optional '.', e.g. 12.50";

function formatProblem(value: string): string {
  if (value === '') return `must be ${FORM}, got an empty string`;
  if (value.trim() !== value) return `must not contain spaces, got '${value}'`;
  if (/^[+]/.test(value)) return `must be written without a '+' sign, got '${value}'`;
  if (/^-?\d+[eE][+-]?\d+$|^-?\d+\.\d+[eE][+-]?\d+$/.test(value)) return `must be written without an exponent, got '${value}'`;
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(value)) {
    return `must be written without thousands separators, e.g. ${value.replace(/,/g, '')}, got '${value}'`;
  }
  if (/^-?\d+,\d+$/.test(value)) return `must use '.' as the decimal point, e.g. ${value.replace(',', '.')}, got '${value}'`;
  if (/^-?(\.\d+|\d+\.)$/.test(value)) return `must have digits on both sides of the decimal point, e.g. 0.5 or 5.0, got '${value}'`;
  return `must be ${FORM}, got '${value}'`;
}

/** Parses a decimal string exactly; throws RangeError naming the accepted form when it is not one. */
export function parseDecimal(value: string): Decimal {
  const m = SHAPE.exec(value);
  if (!m) throw new RangeError(formatProblem(value));
  const fraction = m[3] ?? '';
  const magnitude = BigInt(m[2] + fraction);
  return { units: m[1] === '-' ? -magnitude : magnitude, scale: fraction.length };
}

/** Writes a decimal with exactly its scale's digits after the point (no point at scale 0). */
export function formatDecimal(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const whole = d.scale === 0 ? digits : `${digits.slice(0, -d.scale)}.${digits.slice(-d.scale)}`;
  return negative ? `-${whole}` : whole;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** The same value at a larger scale (exact). */
function rescale(d: Decimal, scale: number): bigint {
  return d.units * pow10(scale - d.scale);
}

/** Rounds to `scale` decimals, half up (halves go away from zero, as ROUND_HALF_UP and customs tax rounding do). */
function roundUnits(d: Decimal, scale: number): Decimal {
  if (!Number.isInteger(scale) || scale < 0) throw new RangeError(`scale must be a whole number of decimals (0 or more), got ${scale}`);
  if (scale >= d.scale) return { units: rescale(d, scale), scale };
  const divisor = pow10(d.scale - scale);
  const negative = d.units < 0n;
  const magnitude = negative ? -d.units : d.units;
  let quotient = magnitude / divisor;
  if ((magnitude % divisor) * 2n >= divisor) quotient += 1n;
  return { units: negative ? -quotient : quotient, scale };
}

function cmp(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Returns why `value` is not an acceptable decimal string under `rules`, or undefined when it is. */
export function decimalProblem(value: string, rules: DecimalRules): string | undefined {
  const m = SHAPE.exec(value);
  if (!m) return formatProblem(value);
  const [, sign, integer, fraction = ''] = m;
  const d = parseDecimal(value);
  if (sign === '-' && d.units !== 0n && !rules.allowNegative) return `must not be negative, got ${value}`;
  const significantScale = fraction.replace(/0+$/, '').length;
  if (significantScale > rules.maxScale) {
    return rules.maxScale === 0
      ? `must be a whole number, got ${value}`
      : `must have at most ${rules.maxScale} decimal places, got ${significantScale} (${value})`;
  }
  const integerDigits = integer.replace(/^0+(?=\d)/, '').length;
  if (rules.maxIntegerDigits !== undefined && integerDigits > rules.maxIntegerDigits) {
    return `must have at most ${rules.maxIntegerDigits} digits before the decimal point, got ${integerDigits}`;
  }
  if (rules.positive && d.units <= 0n) return `must be greater than 0, got ${value}`;
  if (rules.min !== undefined && cmp(d, parseDecimal(rules.min)) < 0) return `must be at least ${rules.min}, got ${value}`;
  if (rules.max !== undefined && cmp(d, parseDecimal(rules.max)) > 0) return `must be at most ${rules.max}, got ${value}`;
  return undefined;
}

/** Exact sum of decimal strings, written at the largest scale among them (0.1 + 0.2 = 0.3; 1.10 + 2 = 3.10). */
export function sumDecimals(values: readonly string[]): string {
  const parsed = values.map(parseDecimal);
  const scale = Math.max(0, ...parsed.map((d) => d.scale));
  return formatDecimal({ units: parsed.reduce((sum, d) => sum + rescale(d, scale), 0n), scale });
}

/** Exact `a - b`, written at the larger of their scales. */
export function subtractDecimals(a: string, b: string): string {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  return formatDecimal({ units: rescale(x, scale) - rescale(y, scale), scale });
}

/** Compares two decimal strings by value: -1, 0 or 1. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  return cmp(parseDecimal(a), parseDecimal(b));
}

/** True when two decimal strings have the same value, whatever their scale (0.30 equals 0.3). */
export function equalDecimals(a: string, b: string): boolean {
  return compareDecimals(a, b) === 0;
}

/** `a × b` computed exactly, then rounded half up to `scale` decimals (a line's qty × price to 0.01: scale 2). */
export function multiplyDecimals(a: string, b: string, scale: number): string {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  return formatDecimal(roundUnits({ units: x.units * y.units, scale: x.scale + y.scale }, scale));
}

/** Rounds a decimal string half up to exactly `scale` decimals (2.345 → 2.35; 2 → 2.00). */
export function roundDecimal(value: string, scale: number): string {
  return formatDecimal(roundUnits(parseDecimal(value), scale));
}
