// GS1 General Specifications §7.9 (check digit calculation): from the digit left of the check
// digit, leftwards, weights alternate 3, 1, 3, 1 …; the check digit brings the sum to a multiple of 10.
// The same mod-10 check covers GTIN-8/12/13/14, SSCC (18 digits) and GLN (13 digits).

/** The GS1 mod-10 check digit for `digits` (every digit but the check digit). */
export function gs1CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

const GTIN_LENGTHS = [8, 12, 13, 14];

/** Why `gtin` is not a valid GTIN-8, -12, -13 or -14, or undefined when it is valid. */
export function gtinProblem(gtin: string): string | undefined {
  if (!/^[0-9]+$/.test(gtin)) return `must be digits only (GTIN-8, -12, -13 or -14), got '${gtin}'`;
  if (!GTIN_LENGTHS.includes(gtin.length)) return `must have 8, 12, 13 or 14 digits (GTIN-8, -12, -13 or -14), got ${gtin.length}`;
  return checkDigitProblem(gtin, 'GTIN');
}

/** Why an 18-digit SSCC is not valid, or undefined. */
export function ssccProblem(sscc: string): string | undefined {
  if (!/^[0-9]{18}$/.test(sscc)) return `an SSCC has 18 digits, got '${sscc}'`;
  return checkDigitProblem(sscc, 'SSCC');
}

function checkDigitProblem(code: string, what: string): string | undefined {
  const expected = gs1CheckDigit(code.slice(0, -1));
  const given = Number(code.at(-1));
  return given === expected ? undefined : `${what} ${code} fails the GS1 mod-10 check: its check digit should be ${expected}, got ${given}`;
}

/** A valid GTIN of any length, left-padded with zeros to 14 digits (how GS1 compares GTINs). */
export const gtin14 = (gtin: string) => gtin.padStart(14, '0');

/** A GTIN-14 from an SGTIN/LGTIN EPC URI's company prefix and item reference (the indicator digit leads the item reference). */
export function gtinFromEpcParts(companyPrefix: string, itemReference: string): string {
  const body = itemReference.slice(0, 1) + companyPrefix + itemReference.slice(1);
  return body + gs1CheckDigit(body);
}
