// GB 11643-1999 (ISO 7064:1983 MOD 11-2): weights W_i = 2^(18-i) mod 11 for positions 1..17.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
// GB 11643-1999: check character for (Σ a_i × W_i) mod 11 = 0..10.
const CHECK = '10X98765432';

/** Computes the GB 11643-1999 check character (18th) for the first 17 digits of a citizen ID number. */
export function residentIdCheckCharacter(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) {
    throw new RangeError(`residentIdCheckCharacter needs 17 digits, got '${first17}'`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** Returns the birth date (digits 7–14) of a citizen ID number as 'YYYY-MM-DD', without validating it. */
export function birthDateOf(id: string): string {
  const digits = id.slice(6, 14);
  if (!/^[0-9]{8}$/.test(digits)) {
    throw new RangeError(`birthDateOf: characters 7-14 must be 8 digits (YYYYMMDD), got '${digits}'`);
  }
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= daysInMonth[month - 1];
}

function yyyymmdd(date: Date): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.getFullYear(), 4)}${pad(date.getMonth() + 1, 2)}${pad(date.getDate(), 2)}`;
}

/** Returns why `value` is not a valid 18-digit citizen ID number (GB 11643-1999), or undefined when it is valid. */
export function residentIdProblem(value: string, today = new Date()): string | undefined {
  const chars = [...value];
  if (chars.length === 15 && /^[0-9]{15}$/.test(value)) {
    return 'must be 18 characters (GB 11643-1999); 15-digit first-generation IDs are not accepted';
  }
  if (chars.length !== 18) {
    return `must be 18 characters (17 digits and a check character 0-9 or X), got ${chars.length}`;
  }
  for (let i = 0; i < 17; i++) {
    if (!/^[0-9]$/.test(chars[i])) {
      return `character ${i + 1} '${chars[i]}' is not allowed (characters 1-17 must be digits 0-9)`;
    }
  }
  const last = chars[17];
  if (last === 'x') {
    return "check character must be upper-case X, got lower-case 'x'";
  }
  if (!/^[0-9X]$/.test(last)) {
    return `character 18 '${last}' is not allowed (check character must be 0-9 or X)`;
  }
  const expected = residentIdCheckCharacter(value.slice(0, 17));
  if (last !== expected) {
    return `check character should be ${expected}, got ${last} (GB 11643-1999 MOD 11-2 check)`;
  }
  const birth = value.slice(6, 14);
  const year = Number(birth.slice(0, 4));
  const month = Number(birth.slice(4, 6));
  const day = Number(birth.slice(6, 8));
  if (!isRealDate(year, month, day)) {
    return `birth date ${birth} is not a valid date (characters 7-14 must be YYYYMMDD)`;
  }
  if (birth < '19000101') {
    return `birth date ${birth} is before 19000101`;
  }
  const todayDigits = yyyymmdd(today);
  if (birth > todayDigits) {
    return `birth date ${birth} is in the future (today is ${todayDigits})`;
  }
  return undefined;
}
