import { badInput, customsCodeProblem, optionalPhone, optionalText, requiredText, residentIdProblem } from '@sw/kernel';
import { TradeDirection } from './enums';
import {
  amountProblem, countryProblem, currencyProblem, equalDecimals, lineTotal, priceProblem, quantityProblem, roundAmount, sumDecimals,
  unitProblem, weightProblem,
} from '../reference';

// The edge of the subgraph: every document input passes these before anything is read or written,
// and each failure is BAD_USER_INPUT naming the input path (`input.items[2].gcode`). Past this line
// the services trust their values: money has two places, codes are well-formed.

/** Most goods lines in one document; the CEB messages allow far more than a B2C parcel needs. */
export const MAX_LINES = 200;

/** ieFlag: I import (the default) or E export. */
export function validDirection(field: string, ieFlag: string | null | undefined): TradeDirection {
  const flag = ieFlag ?? 'I';
  if (flag === 'I') return TradeDirection.IMPORT;
  if (flag === 'E') return TradeDirection.EXPORT;
  throw badInput(field, `must be I (import) or E (export), got '${flag}'`);
}

/** A 10-character enterprise customs registration code. */
export function validCustomsCode(field: string, value: string): string {
  const problem = customsCodeProblem(value);
  if (problem) throw badInput(field, problem);
  return value;
}

export function optionalCustomsCode(field: string, value: string | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : validCustomsCode(field, value);
}

const IDENTIFIER = /^[\x21-\x7E]+$/;

/** A document number (orderNo, copNo, logisticsNo …): printable ASCII without spaces, at most `max` characters. */
export function validIdentifier(field: string, value: string, max: number): string {
  if (value.length === 0) throw badInput(field, 'must not be empty');
  if (!IDENTIFIER.test(value)) throw badInput(field, 'must be letters, digits and punctuation without spaces (printable ASCII)');
  if (value.length > max) throw badInput(field, `must be at most ${max} characters, got ${value.length}`);
  return value;
}

export function optionalIdentifier(field: string, value: string | null | undefined, max: number): string | null {
  return value === null || value === undefined || value === '' ? null : validIdentifier(field, value, max);
}

/** An amount of money: at most 2 decimals, not negative; returned with exactly 2 places. */
export function validAmount(field: string, value: string | null | undefined, options: { positive?: boolean } = {}): string {
  const given = value ?? '0';
  const problem = amountProblem(given, options);
  if (problem) throw badInput(field, problem);
  return roundAmount(given);
}

/** A quantity (N19,5): positive, at most 5 decimals; written canonically (2.50 → 2.5) so equal values compare equal. */
export function validQuantity(field: string, value: string): string {
  const problem = quantityProblem(value);
  if (problem) throw badInput(field, problem);
  return canonicalDecimal(value);
}

/** A weight in kilograms (N19,5): positive, at most 5 decimals; written canonically. */
export function validWeight(field: string, value: string): string {
  const problem = weightProblem(value);
  if (problem) throw badInput(field, problem);
  return canonicalDecimal(value);
}

/** A non-negative decimal string without leading zeros or trailing fractional zeros: 007.50 → 7.5, 3.000 → 3. */
export function canonicalDecimal(value: string): string {
  const [whole, fraction = ''] = value.split('.');
  const integer = whole.replace(/^0+(?=\d)/, '');
  const decimals = fraction.replace(/0+$/, '');
  return decimals ? `${integer}.${decimals}` : integer;
}

export function optionalWeight(field: string, value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : validWeight(field, value);
}

/**
 * A unit price (N19,5): at most 5 decimals, not negative. Zero is accepted: CEB311 prices a gift
 * at "0" (赠品单价填写为"0"), which is the official rule where "positive" would refuse a real order.
 */
export function validPrice(field: string, value: string): string {
  const problem = priceProblem(value);
  if (problem) throw badInput(field, problem);
  return canonicalPrice(value);
}

/** A unit price with at least two places (150 → 150.00, 0.12345 stays), so it reads as money. */
function canonicalPrice(value: string): string {
  const canonical = canonicalDecimal(value);
  const decimals = canonical.split('.')[1]?.length ?? 0;
  return decimals >= 2 ? canonical : roundAmount(canonical);
}

/** ISO 4217, CNY when not given. */
export function validCurrency(field: string, value: string | null | undefined): string {
  const code = value ?? 'CNY';
  const problem = currencyProblem(code);
  if (problem) throw badInput(field, problem);
  return code;
}

/** ISO 3166-1 alpha-2. */
export function validCountry(field: string, value: string): string {
  const problem = countryProblem(value);
  if (problem) throw badInput(field, problem);
  return value;
}

export function optionalCountry(field: string, value: string | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : validCountry(field, value);
}

/** A 3-digit customs unit code. */
export function validUnit(field: string, value: string): string {
  const problem = unitProblem(value);
  if (problem) throw badInput(field, problem);
  return value;
}

export function optionalUnit(field: string, value: string | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : validUnit(field, value);
}

/** A line's totalPrice must be qty × price to 0.01; returns it with 2 places. */
export function validLineTotal(field: string, qty: string, price: string, totalPrice: string): string {
  const total = validAmount(field, totalPrice);
  const expected = lineTotal(qty, price);
  if (!equalDecimals(total, expected)) throw badInput(field, `must be qty × price = ${expected}, got ${totalPrice}`);
  return total;
}

/** A document total must be the sum of its lines' totalPrice. */
export function validSum(field: string, total: string, lines: string[]): void {
  const expected = roundAmount(sumDecimals(lines.length > 0 ? lines : ['0']));
  if (!equalDecimals(total, expected)) throw badInput(field, `must be the sum of the lines' totalPrice, ${expected}, got ${total}`);
}

/** Lines are numbered 1, 2, 3 … in order (gnum), as the CEB messages require. */
export function validLines<T extends { gnum: number }>(field: string, items: T[]): T[] {
  if (items.length === 0) throw badInput(field, 'must hold at least one goods line');
  if (items.length > MAX_LINES) throw badInput(field, `must hold at most ${MAX_LINES} goods lines, got ${items.length}`);
  items.forEach((item, index) => {
    if (item.gnum !== index + 1) throw badInput(`${field}[${index}].gnum`, `lines are numbered from 1 in order: must be ${index + 1}, got ${item.gnum}`);
  });
  return items;
}

/** The same currency on every line as on the document: one currency per document. */
export function sameCurrency(field: string, lineCurrency: string | null | undefined, documentCurrency: string): string {
  if (lineCurrency === null || lineCurrency === undefined) return documentCurrency;
  const code = validCurrency(field, lineCurrency);
  if (code !== documentCurrency) throw badInput(field, `must be the document's currency ${documentCurrency} (one currency per document), got ${code}`);
  return code;
}

export interface ValidPersonId {
  /** 1 resident ID (居民身份证), 2 other. */
  idType: string;
  idNumber: string;
}

/** An ID type and number: type 1 is a resident ID checked by GB 11643-1999; type 2 any other document. */
export function validPersonId(typeField: string, numberField: string, idType: string, idNumber: string): ValidPersonId {
  if (idType === '1') {
    const problem = residentIdProblem(idNumber);
    if (problem) throw badInput(numberField, problem);
    return { idType, idNumber };
  }
  if (idType === '2') return { idType, idNumber: requiredText(numberField, idNumber, 60) };
  throw badInput(typeField, `must be 1 (resident ID) or 2 (other ID document), got '${idType}'`);
}

/** A value the customs message needs on import; optional on export. */
export function requiredOn(direction: TradeDirection, field: string, value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  if (trimmed) return trimmed;
  if (direction === TradeDirection.IMPORT) throw badInput(field, 'is required on an import (ieFlag I)');
  return null;
}

export interface ValidParty {
  idType: string;
  idNumber: string;
  name: string;
  telephone: string | null;
}

/** The buyer (or payer): required on import, all or nothing on export. */
export function validParty(
  direction: TradeDirection,
  fields: { idType: string; idNumber: string; name: string; telephone: string },
  values: { idType?: string | null; idNumber?: string | null; name?: string | null; telephone?: string | null },
  telephoneRequired: boolean,
): ValidParty | null {
  const present = [values.idType, values.idNumber, values.name].some((value) => value !== null && value !== undefined && value !== '');
  if (!present && direction === TradeDirection.EXPORT) return null;
  const idType = requiredOn(TradeDirection.IMPORT, fields.idType, values.idType)!;
  const idNumber = requiredOn(TradeDirection.IMPORT, fields.idNumber, values.idNumber)!;
  const id = validPersonId(fields.idType, fields.idNumber, idType, idNumber);
  const name = requiredText(fields.name, requiredOn(TradeDirection.IMPORT, fields.name, values.name)!, 60);
  const telephone = telephoneRequired && direction === TradeDirection.IMPORT
    ? optionalPhone(fields.telephone, requiredOn(direction, fields.telephone, values.telephone))
    : optionalPhone(fields.telephone, values.telephone);
  return { ...id, name, telephone };
}

export { optionalText, requiredText };
