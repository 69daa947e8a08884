// GB 32100-2015: the code charset excludes I, O, S, V and Z.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// GB 32100-2015: weights W_i = 3^(i-1) mod 31 for positions 1..17.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ALLOWED = '0-9 A-H J-N P-R T U W-Y';

/** Computes the GB 32100-2015 check character (18th) for the first 17 characters of a unified social credit code. */
export function usccCheckCharacter(first17: string): string {
  const chars = [...first17];
  if (chars.length !== 17) {
    throw new RangeError(`usccCheckCharacter needs 17 characters, got ${chars.length}`);
  }
  let sum = 0;
  chars.forEach((ch, i) => {
    const value = CHARSET.indexOf(ch);
    if (value < 0) {
      throw new RangeError(`usccCheckCharacter: character ${i + 1} '${ch}' is not allowed (allowed: ${ALLOWED})`);
    }
    sum += value * WEIGHTS[i];
  });
  // GB 32100-2015: C18 = 31 - (Σ C_i × W_i mod 31); a result of 31 is written as 0.
  return CHARSET[(31 - (sum % 31)) % 31];
}

/** Returns why `value` is not a valid unified social credit code (GB 32100-2015), or undefined when it is valid. */
export function usccProblem(value: string): string | undefined {
  const chars = [...value];
  if (chars.length !== 18) {
    return `must be 18 characters, got ${chars.length}`;
  }
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (CHARSET.includes(ch)) continue;
    const upper = ch.toUpperCase();
    if (upper !== ch && CHARSET.includes(upper)) {
      return `character ${i + 1} '${ch}' is lower case; upper case is required (allowed: ${ALLOWED})`;
    }
    return `character ${i + 1} '${ch}' is not allowed (allowed: ${ALLOWED})`;
  }
  const expected = usccCheckCharacter(chars.slice(0, 17).join(''));
  if (chars[17] !== expected) {
    return `check character should be ${expected}, got ${chars[17]} (GB 32100-2015 mod-31 check)`;
  }
  return undefined;
}
