import { decimalProblem, multiplyDecimals, roundDecimal, sumDecimals, subtractDecimals } from './decimal.js';

// Amounts (goodsValue, freight, discount, taxTotal, actualPaid, amountPaid, totalPrice, insuredFee) are Decimal
// strings with 2 places, CNY unless a currency is given (API.md), and taxes round half up to 0.01 CNY (DESIGN.md).
// Unit prices keep the XML's precision: the CEB messages declare price as N19,5 (at most 5 decimals), so a unit price
// below one fen is declarable; a gift's price is 0 (CEB311 OrderList.price: 赠品单价填写为"0").

/** Decimals of an amount of money: 0.01 CNY. */
export const AMOUNT_SCALE = 2;
/** Most decimals of a unit price (N19,5). */
export const PRICE_SCALE = 5;
/** Most digits before the point in the messages' N19,5 fields. */
export const MONEY_INTEGER_DIGITS = 14;

/** Returns why `value` is not an amount of money (a decimal string ≥ 0 with at most 2 decimals), or undefined. */
export function amountProblem(value: string, options: { positive?: boolean; max?: string } = {}): string | undefined {
  return decimalProblem(value, { maxScale: AMOUNT_SCALE, maxIntegerDigits: MONEY_INTEGER_DIGITS, ...options });
}

/** Returns why `value` is not a unit price (a decimal string ≥ 0 with at most 5 decimals), or undefined. */
export function priceProblem(value: string): string | undefined {
  return decimalProblem(value, { maxScale: PRICE_SCALE, maxIntegerDigits: MONEY_INTEGER_DIGITS });
}

/** Rounds an amount half up to 0.01 (2.345 → 2.35), written with exactly 2 decimals. */
export function roundAmount(value: string): string {
  return roundDecimal(value, AMOUNT_SCALE);
}

/** A line's total, qty × price, rounded half up to 0.01. */
export function lineTotal(qty: string, price: string): string {
  return multiplyDecimals(qty, price, AMOUNT_SCALE);
}

/**
 * What the buyer pays: goodsValue + freight + taxTotal − discount, exactly, written with 2 decimals
 * (DESIGN.md, three-document match; the order's acturalPaid/actualPaid must equal it).
 */
export function expectedActualPaid(goodsValue: string, freight: string, taxTotal: string, discount: string): string {
  return roundAmount(subtractDecimals(sumDecimals([goodsValue, freight, taxTotal]), discount));
}
