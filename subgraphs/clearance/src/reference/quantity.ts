import { decimalProblem, type DecimalRules } from './decimal.js';

// The CEB messages declare quantities (qty, qty1, qty2) and weights (grossWeight, netWeight, in kilograms) as N19,5:
// at most 19 digits, of which at most 5 after the point, so at most 14 before it (海关跨境电子商务进出口统一版信息化
// 系统企业接入报文规范, e.g. CEB311 OrderList.qty and CEB621 InventoryList.qty/qty1/qty2 "N19,5").

/** Most decimals of a quantity or weight in the CEB messages (N19,5). */
export const QUANTITY_SCALE = 5;
/** Most digits before the point of an N19,5 field. */
export const QUANTITY_INTEGER_DIGITS = 14;

const QUANTITY: DecimalRules = { maxScale: QUANTITY_SCALE, maxIntegerDigits: QUANTITY_INTEGER_DIGITS, positive: true };

/** Returns why `value` is not a declarable quantity (a decimal string > 0 with at most 5 decimals), or undefined. */
export function quantityProblem(value: string): string | undefined {
  return decimalProblem(value, QUANTITY);
}

/** Returns why `value` is not a declarable weight in kilograms (a decimal string > 0 with at most 5 decimals), or undefined. */
export function weightProblem(value: string): string | undefined {
  return decimalProblem(value, QUANTITY);
}
