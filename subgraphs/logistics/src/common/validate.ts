import { badInput, customsCodeProblem } from '@sw/kernel';

const ALPHA2 = /^[A-Z]{2}$/;

/**
 * ISO 3166-1 alpha-2, by format: two capital letters. (The code list itself lives with clearance;
 * a register entry with a made-up code is caught by the people who read the register.)
 */
export function validCountry(field: string, value: string): string {
  const code = value.trim();
  if (/^[a-z]{2}$/.test(code)) throw badInput(field, `must be an ISO 3166-1 alpha-2 code in capitals, e.g. ${code.toUpperCase()}, got "${code}"`);
  if (!ALPHA2.test(code)) throw badInput(field, `must be an ISO 3166-1 alpha-2 code: two capital letters such as CN, US or DE, got "${code.slice(0, 20)}"`);
  return code;
}

/** A 10-character enterprise customs registration code. */
export function validCustomsCode(field: string, value: string): string {
  const problem = customsCodeProblem(value);
  if (problem) throw badInput(field, problem);
  return value;
}

const IDENTIFIER = /^[\x21-\x7E]+$/;

/** A document number (logisticsNo): printable ASCII without spaces, at most `max` characters, as clearance takes it. */
export function validIdentifier(field: string, value: string, max: number): string {
  if (value.length === 0) throw badInput(field, 'must not be empty');
  if (!IDENTIFIER.test(value)) throw badInput(field, 'must be letters, digits and punctuation without spaces (printable ASCII)');
  if (value.length > max) throw badInput(field, `must be at most ${max} characters, got ${value.length}`);
  return value;
}

/** Case- and spacing-insensitive form of a name, for "the same warehouse" comparisons. */
export function folded(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
