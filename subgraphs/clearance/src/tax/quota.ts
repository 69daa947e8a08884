// B2C import quota (DESIGN, "B2C import quota").
//
// 财关税〔2018〕49号 (from 2019-01-01), 一: the single-transaction limit is raised from 2,000 to
// 5,000 CNY and the annual limit from 20,000 to 26,000 CNY per person. 二: an order whose dutiable
// value (完税价格) exceeds the 5,000 single-transaction limit but is below the 26,000 annual
// limit may still enter through CBEC retail when the order holds only one item (订单下仅一件商品);
// tariff, import VAT and consumption tax are then levied in full at the goods' rates, and the
// amount counts toward the annual total; once the annual total exceeds the annual limit the
// goods are handled as general trade.
// 财关税〔2016〕18号, 三: above the single-transaction limit, or a transaction that takes the
// accumulated annual total past the annual limit, is taxed in full as general trade — for this
// platform that is a refusal of the CBEC declaration (QUOTA_EXCEEDED).
//
// Which amount counts: 18号 一 makes the actual transaction price — goods' retail price plus
// freight and insurance (实际交易价格（包括货物零售价格、运费和保险费）) — the dutiable value, and
// 49号 二 measures the single-transaction limit on that dutiable value (完税价格超过5000元单次
// 交易限值). So the quota counts the transaction's dutiable value in CNY; the taxes themselves
// do not count. 18号 四: goods returned within 30 days of release are refunded and the annual
// total is adjusted — the caller releases `quotaContribution` on return or customs rejection.
//
// "超过" (exceeds) is strict: exactly 5,000.00 is within the transaction limit and a year total of
// exactly 26,000.00 is within the annual limit.

import { formatFen } from './money';

export const TRANSACTION_LIMIT_FEN = 500_000n;
export const ANNUAL_LIMIT_FEN = 2_600_000n;
export const TRANSACTION_LIMIT_CNY = formatFen(TRANSACTION_LIMIT_FEN);
export const ANNUAL_LIMIT_CNY = formatFen(ANNUAL_LIMIT_FEN);

/** Why a transaction cannot clear as CBEC retail; the caller reports QUOTA_EXCEEDED. */
export type QuotaRefusalReason = 'TRANSACTION_LIMIT' | 'ANNUAL_QUOTA';

/**
 * How an order clears: within both limits at the CBEC rates (tariff 0, VAT and consumption tax at
 * 70%), or as one indivisible item above 5,000 CNY with every tax in full (49号 二).
 */
export type TaxRegime = 'CBEC_WITHIN_LIMITS' | 'CBEC_SINGLE_ITEM_FULL_TAX';

export type QuotaDecision =
  | { kind: 'ACCEPTED'; regime: TaxRegime }
  | { kind: 'REFUSED'; reason: QuotaRefusalReason; limitFen: bigint };

/**
 * Decides the regime of a transaction of `transactionFen` (its dutiable value) for a buyer who
 * already used `usedFen` this calendar year. A multi-item order above 5,000 is refused on the
 * transaction limit before the annual quota is looked at: splitting the order is the fix the
 * buyer can act on first.
 */
export function decideQuota(transactionFen: bigint, usedFen: bigint, singleItem: boolean): QuotaDecision {
  const overTransactionLimit = transactionFen > TRANSACTION_LIMIT_FEN;
  if (overTransactionLimit && !singleItem) {
    return { kind: 'REFUSED', reason: 'TRANSACTION_LIMIT', limitFen: TRANSACTION_LIMIT_FEN };
  }
  if (usedFen + transactionFen > ANNUAL_LIMIT_FEN) {
    return { kind: 'REFUSED', reason: 'ANNUAL_QUOTA', limitFen: ANNUAL_LIMIT_FEN };
  }
  return { kind: 'ACCEPTED', regime: overTransactionLimit ? 'CBEC_SINGLE_ITEM_FULL_TAX' : 'CBEC_WITHIN_LIMITS' };
}

/** What is left of the annual quota, never below 0. */
export function remainingFen(usedFen: bigint): bigint {
  return usedFen >= ANNUAL_LIMIT_FEN ? 0n : ANNUAL_LIMIT_FEN - usedFen;
}

const SHANGHAI_YEAR_MONTH = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
});

function shanghaiParts(instant: Date): { year: number; month: string } {
  if (Number.isNaN(instant.getTime())) throw new RangeError('not a valid instant');
  const parts = SHANGHAI_YEAR_MONTH.formatToParts(instant);
  const year = parts.find((part) => part.type === 'year')?.value;
  const month = parts.find((part) => part.type === 'month')?.value;
  if (!year || !month) throw new RangeError(`cannot read the Asia/Shanghai date of ${instant.toISOString()}`);
  return { year: Number(year), month };
}

/**
 * The quota year of an instant: the calendar year in Asia/Shanghai (2026-12-31T16:30Z is already
 * 2027 in Beijing). The caller sums the buyer's contributions of that year into `annualUsedCny`.
 */
export function quotaYearOf(instant: Date): number {
  return shanghaiParts(instant).year;
}

/** The customs month ("YYYY-MM", Asia/Shanghai) of an instant: the month whose exchange rates apply. */
export function customsMonthOf(instant: Date): string {
  const { year, month } = shanghaiParts(instant);
  return `${year}-${month}`;
}
