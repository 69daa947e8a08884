// Import tax of a CBEC B2C retail import (DESIGN, "B2C import tax", "import tax detail").
//
// Sources:
// - 财关税〔2016〕18号 一: CBEC retail imports bear tariff, import VAT and consumption tax as goods;
//   the dutiable value is the actual transaction price including the goods' retail price,
//   freight and insurance. 三: within the limits the tariff rate is provisionally 0%; import VAT
//   and consumption tax lose the tax-free threshold and are levied at 70% of the statutory amount.
// - 财关税〔2018〕49号: limits of 5,000 per transaction and 26,000 per year (see quota.ts); one
//   indivisible item above 5,000 pays every tax in full.
// - Composite base (组成计税价格) for ad valorem consumption tax and import VAT (消费税暂行条例
//   第九条; for VAT 增值税暂行条例 第十四条, carried into the 增值税法 in force from 2026-01-01 as
//   "关税计税价格 + 关税 + 消费税"):
//     CT  = (dutiable + tariff) / (1 − ctRate) × ctRate
//     VAT = (dutiable + tariff + CT) × vatRate
//   Within the limits the VAT base holds the statutory CT (not the 70% amount); then both are
//   multiplied by 0.7. That is the published "综合税率": high-end cosmetics at 13% VAT and 15% CT
//   give (0.15/0.85 + 1/0.85 × 0.13) × 0.7 = 23.06% of the dutiable value.
//
// Order of computation and rounding (the only places a value is rounded):
// 1. Each item's goods and the document's freight and insurance are converted to CNY at the
//    customs monthly rate (exact fractions). The transaction's dutiable value is their sum,
//    rounded half-up to the fen once; this is also the amount that counts toward the quota.
// 2. That dutiable value is split over the items in proportion to each item's goods value in
//    CNY — which is apportioning freight and insurance by value — with the largest-remainder
//    method on whole fen (ties to the earlier item), so the items' dutiable values add up to the
//    transaction's exactly. 完税价格 is thus a fen amount on every item, as on the customs receipt.
// 3. Per item, from its fen dutiable value: the statutory tariff, CT and VAT are kept exact (the
//    CT and VAT bases use the exact tariff and CT); each payable tax — after the 70% factor
//    within the limits — is rounded half-up to the fen exactly once.
// 4. The transaction's tariff, VAT and CT are the sums of the items' rounded taxes (the customs
//    e-tax receipt CEB816 lists taxes per item and totals them); total = tariff + VAT + CT.
// Customs systems may build the composite base on the already-rounded tariff; the difference
// is at most one fen on a tax.
//
// Not applied: the 50 CNY per-consignment exemption of general trade (关税法) — 18号 三 removes
// the tax-free threshold for CBEC retail, and the full-tax single-item case is above 5,000.

import { TaxInputError } from './errors';
import { apportionFen, formatFen, parseCnyToFen, Rational } from './money';
import {
  ANNUAL_LIMIT_CNY, customsMonthOf, decideQuota, quotaYearOf, remainingFen, TRANSACTION_LIMIT_CNY,
  type QuotaRefusalReason, type TaxRegime,
} from './quota';
import { ratesFor, type ExchangeRate, type ResolvedRates, type TaxTables } from './tax-tables';

/** One inventory-list item (CEB621 body), in the fields the tax needs. */
export interface ImportTaxItemInput {
  /** The item's sequence number on the declaration; defaults to its position, from 1. */
  gnum?: number;
  /** 10-digit HS code: 8-digit tariff line plus 2 supplementary digits. */
  gcode: string;
  /** The item's total price in `currency`, a decimal string with at most 4 decimals. */
  totalPrice: string;
  /** ISO 4217. */
  currency: string;
  /** Declared quantity, > 0. */
  qty: number | string;
  /**
   * For goods whose consumption tax depends on a fact the declaration does not carry (high-end
   * cosmetics: at least 10 CNY per ml or g, or 15 CNY per piece): false when the item is below it.
   * Absent means the tax applies.
   */
  consumptionTaxApplies?: boolean;
}

export interface ImportTaxInput {
  items: ImportTaxItemInput[];
  /** Freight of the whole consignment in `currency`. */
  freight: string;
  /** Insurance of the whole consignment in `currency`. */
  insuredFee: string;
  /** The document currency of freight and insurance, ISO 4217. */
  currency: string;
  /** The buyer's quota used in this calendar year (Asia/Shanghai) before this purchase, CNY. */
  annualUsedCny: string;
  /** Declaration time: names the quota year in the result and checks the exchange-rate month. */
  declaredAt?: Date;
}

/** The API's `ImportTax`: CNY, 2-place decimal strings. */
export interface ImportTax {
  dutiable: string;
  tariff: string;
  vat: string;
  consumptionTax: string;
  total: string;
}

export interface ItemTax extends ImportTax {
  gnum: number;
  gcode: string;
  currency: string;
  /** CNY per one unit of the item's currency, as applied. */
  exchangeRate: string;
  /** Statutory rates from the table; within the limits the tariff is not levied and VAT/CT are × 0.7. */
  rates: { tariff: string; vat: string; consumptionTax: string };
  /** The table key each rate came from ("3304", "330499", "default"). */
  ratesFrom: { tariff: string; vat: string; consumptionTax: string };
  /** False when the 10-digit line is not itself in the table and took a shorter key's rates. */
  exactLine: boolean;
  consumptionTaxApplied: boolean;
  /** Why consumption tax was or was not applied, for goods whose tax depends on a condition. */
  consumptionTaxNote?: string;
}

export interface AssessedImportTax {
  outcome: 'ASSESSED';
  regime: TaxRegime;
  /** The factor on VAT and consumption tax: "0.7" within the limits, "1" in full. */
  taxFactor: string;
  tax: ImportTax;
  items: ItemTax[];
  /** The amount this purchase adds to the buyer's annual total (its dutiable value); release it on rejection or return. */
  quotaContribution: string;
  quota: {
    year?: number;
    usedBeforeCny: string;
    usedAfterCny: string;
    remainingAfterCny: string;
    transactionLimitCny: string;
    annualLimitCny: string;
  };
  exchangeRatesAsOf: string;
  warnings: string[];
}

/** A transaction that cannot clear as CBEC retail; the caller turns it into QUOTA_EXCEEDED. */
export interface QuotaRefusal {
  outcome: 'REFUSED';
  refused: QuotaRefusalReason;
  /** The buyer's annual total before this purchase. */
  usedCny: string;
  /** What is left of the 26,000 annual quota before this purchase (never negative). */
  remainingCny: string;
  /** The limit that was broken: 5000.00 or 26000.00. */
  limitCny: string;
  /** This transaction's dutiable value. */
  transactionCny: string;
  year?: number;
  message: string;
}

export type ImportTaxResult = AssessedImportTax | QuotaRefusal;

const GCODE = /^\d{10}$/;
const AMOUNT = /^\d+(\.\d{1,4})?$/;
const CURRENCY = /^[A-Z]{3}$/;
const WITHIN_LIMITS_FACTOR = Rational.of(7n, 10n);

function amount(field: string, value: unknown): Rational {
  if (typeof value !== 'string' || !AMOUNT.test(value)) {
    throw new TaxInputError(field, `must be a non-negative decimal string with at most 4 decimals such as "199.00", got ${JSON.stringify(value)}`);
  }
  return Rational.parse(value) as Rational;
}

function exchangeRate(field: string, tables: TaxTables, currency: unknown): ExchangeRate {
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) {
    throw new TaxInputError(field, `must be an ISO 4217 currency code such as "USD", got ${JSON.stringify(currency)}`);
  }
  const found = tables.exchangeRates.rates.get(currency);
  if (!found) {
    const known = [...tables.exchangeRates.rates.keys()].sort().join(', ');
    throw new TaxInputError(field, `no customs exchange rate for ${currency} in the table of ${tables.exchangeRates.asOf}; known: ${known}`);
  }
  return found;
}

function quantity(field: string, value: unknown): Rational {
  const parsed =
    typeof value === 'number' && Number.isFinite(value) ? Rational.parse(String(value))
    : typeof value === 'string' ? Rational.parse(value)
    : null;
  if (parsed === null || parsed.isNegative() || parsed.isZero()) {
    throw new TaxInputError(field, `must be a positive quantity such as 1 or "2.5", got ${JSON.stringify(value)}`);
  }
  return parsed;
}

interface ValidItem {
  field: string;
  gnum: number;
  gcode: string;
  currency: string;
  rate: ExchangeRate;
  goodsCny: Rational;
  qty: Rational;
  rates: ResolvedRates;
  consumptionTaxApplies?: boolean;
}

function validItems(input: ImportTaxInput, tables: TaxTables): ValidItem[] {
  if (!Array.isArray(input.items) || input.items.length === 0) {
    throw new TaxInputError('items', 'must list at least one item');
  }
  return input.items.map((item, index) => {
    const field = `items[${index}]`;
    if (typeof item.gcode !== 'string' || !GCODE.test(item.gcode)) {
      throw new TaxInputError(`${field}.gcode`, `must be 10 digits (8-digit tariff line and 2 supplementary digits), got ${JSON.stringify(item.gcode)}`);
    }
    const gnum = item.gnum ?? index + 1;
    if (!Number.isSafeInteger(gnum) || gnum < 1) {
      throw new TaxInputError(`${field}.gnum`, `must be a positive whole number, got ${JSON.stringify(item.gnum)}`);
    }
    if (item.consumptionTaxApplies !== undefined && typeof item.consumptionTaxApplies !== 'boolean') {
      throw new TaxInputError(`${field}.consumptionTaxApplies`, `must be true or false when given, got ${JSON.stringify(item.consumptionTaxApplies)}`);
    }
    const rate = exchangeRate(`${field}.currency`, tables, item.currency);
    const rates = ratesFor(tables.taxRates, item.gcode);
    if (rates.unsupported) {
      throw new TaxInputError(`${field}.gcode`, `HS ${item.gcode}: ${rates.unsupported}; this engine does not assess it — declare it as general trade, or give the line an ad valorem rate in the table (TAX_RATES_PATH)`);
    }
    if (
      item.consumptionTaxApplies === false && !rates.consumptionTaxCondition && !rates.consumptionTaxMinUnitValueCny &&
      !rates.consumptionTax.isZero()
    ) {
      throw new TaxInputError(`${field}.consumptionTaxApplies`, `consumption tax on HS ${item.gcode} (${percent(rates.consumptionTax)}, table key ${rates.from.consumptionTax}) has no condition to waive; leave consumptionTaxApplies out`);
    }
    return {
      field,
      gnum,
      gcode: item.gcode,
      currency: rate.currency,
      rate,
      goodsCny: amount(`${field}.totalPrice`, item.totalPrice).mul(rate.perUnit),
      qty: quantity(`${field}.qty`, item.qty),
      rates,
      ...(item.consumptionTaxApplies !== undefined ? { consumptionTaxApplies: item.consumptionTaxApplies } : {}),
    };
  });
}

function percent(rate: Rational): string {
  return `${rate.mul(Rational.of(100n)).toDecimalString(4)}%`;
}

/** Whether consumption tax applies to an item, and the note that explains a conditional decision. */
function consumptionTaxDecision(item: ValidItem, dutiableFen: bigint): { applies: boolean; note?: string } {
  const { rates } = item;
  if (rates.consumptionTax.isZero()) return { applies: false };
  if (rates.consumptionTaxMinUnitValueCny) {
    const perPiece = Rational.fromFen(dutiableFen).div(item.qty);
    const threshold = rates.consumptionTaxMinUnitValueCny;
    const applies = perPiece.cmp(threshold) >= 0;
    return {
      applies,
      note: `dutiable value per piece ${formatFen(perPiece.mul(Rational.of(100n)).floor())} CNY is ${applies ? 'at or above' : 'below'} the ${formatFen(threshold.toFen())} CNY threshold of HS ${rates.from.consumptionTax}`,
    };
  }
  if (rates.consumptionTaxCondition) {
    const applies = item.consumptionTaxApplies !== false;
    return {
      applies,
      note: applies
        ? `assumed to meet: ${rates.consumptionTaxCondition} (send consumptionTaxApplies: false for an item below it)`
        : `declared below: ${rates.consumptionTaxCondition}`,
    };
  }
  return { applies: true };
}

interface ItemFen {
  tariff: bigint;
  vat: bigint;
  consumptionTax: bigint;
}

/** The taxes of one item from its fen dutiable value; see the order of rounding at the top. */
function itemTaxes(dutiableFen: bigint, rates: ResolvedRates, ctApplies: boolean, regime: TaxRegime): ItemFen {
  const dutiable = Rational.fromFen(dutiableFen);
  const full = regime === 'CBEC_SINGLE_ITEM_FULL_TAX';
  const factor = full ? Rational.ONE : WITHIN_LIMITS_FACTOR;
  // 18号 三: within the limits the tariff rate is 0%; 49号 二: in full otherwise.
  const tariff = full ? dutiable.mul(rates.tariff) : Rational.ZERO;
  const ctRate = ctApplies ? rates.consumptionTax : Rational.ZERO;
  const consumptionTax = dutiable.add(tariff).div(Rational.ONE.sub(ctRate)).mul(ctRate);
  const vat = dutiable.add(tariff).add(consumptionTax).mul(rates.vat);
  return {
    tariff: tariff.toFen(),
    consumptionTax: consumptionTax.mul(factor).toFen(),
    vat: vat.mul(factor).toFen(),
  };
}

function importTax(dutiable: bigint, taxes: ItemFen): ImportTax {
  return {
    dutiable: formatFen(dutiable),
    tariff: formatFen(taxes.tariff),
    vat: formatFen(taxes.vat),
    consumptionTax: formatFen(taxes.consumptionTax),
    total: formatFen(taxes.tariff + taxes.vat + taxes.consumptionTax),
  };
}

/**
 * Assesses tariff, import VAT and consumption tax of one CBEC B2C import transaction, or
 * refuses it on the buyer's quota. Pure: the tables and the buyer's used quota come in.
 * Throws TaxInputError for an input it cannot assess.
 */
export function computeImportTax(input: ImportTaxInput, tables: TaxTables): ImportTaxResult {
  const items = validItems(input, tables);
  const documentRate = exchangeRate('currency', tables, input.currency);
  const fees = amount('freight', input.freight).add(amount('insuredFee', input.insuredFee)).mul(documentRate.perUnit);
  if (typeof input.annualUsedCny !== 'string') {
    throw new TaxInputError('annualUsedCny', `must be a CNY amount string such as "1200.50", got ${JSON.stringify(input.annualUsedCny)}`);
  }
  const usedFen = parseCnyToFen(input.annualUsedCny);
  if (usedFen === null) {
    throw new TaxInputError('annualUsedCny', `must be a non-negative CNY amount with at most 2 decimals such as "1200.50", got ${JSON.stringify(input.annualUsedCny)}`);
  }
  if (input.declaredAt !== undefined && (!(input.declaredAt instanceof Date) || Number.isNaN(input.declaredAt.getTime()))) {
    throw new TaxInputError('declaredAt', 'must be a valid Date when given');
  }
  const year = input.declaredAt ? quotaYearOf(input.declaredAt) : undefined;

  const goods = items.map((item) => item.goodsCny);
  const dutiableFen = goods.reduce((sum, value) => sum.add(value), fees).toFen();
  // 49号 二: "订单下仅一件商品" — one indivisible item: a single line of quantity 1.
  const singleItem = items.length === 1 && items[0].qty.cmp(Rational.ONE) === 0;
  const decision = decideQuota(dutiableFen, usedFen, singleItem);
  const remainingBefore = remainingFen(usedFen);

  if (decision.kind === 'REFUSED') {
    const yearText = year === undefined ? '' : ` for ${year}`;
    const message =
      decision.reason === 'TRANSACTION_LIMIT'
        ? `the transaction's dutiable value ${formatFen(dutiableFen)} CNY exceeds the ${TRANSACTION_LIMIT_CNY} CNY per-transaction limit, and only an order of one indivisible item (one line, quantity 1) may exceed it (财关税〔2018〕49号); split the order or declare it as general trade`
        : `the transaction's dutiable value ${formatFen(dutiableFen)} CNY would take the buyer past the ${ANNUAL_LIMIT_CNY} CNY annual limit${yearText}: used ${formatFen(usedFen)}, remaining ${formatFen(remainingBefore)} (财关税〔2018〕49号); declare it as general trade`;
    return {
      outcome: 'REFUSED',
      refused: decision.reason,
      usedCny: formatFen(usedFen),
      remainingCny: formatFen(remainingBefore),
      limitCny: formatFen(decision.limitFen),
      transactionCny: formatFen(dutiableFen),
      ...(year !== undefined ? { year } : {}),
      message,
    };
  }

  const itemDutiable = apportionFen(dutiableFen, goods);
  const totals: ItemFen = { tariff: 0n, vat: 0n, consumptionTax: 0n };
  const itemResults = items.map((item, index): ItemTax => {
    const ct = consumptionTaxDecision(item, itemDutiable[index]);
    const taxes = itemTaxes(itemDutiable[index], item.rates, ct.applies, decision.regime);
    totals.tariff += taxes.tariff;
    totals.vat += taxes.vat;
    totals.consumptionTax += taxes.consumptionTax;
    return {
      gnum: item.gnum,
      gcode: item.gcode,
      currency: item.currency,
      exchangeRate: item.rate.perUnit.toDecimalString(8),
      rates: {
        tariff: item.rates.tariff.toDecimalString(),
        vat: item.rates.vat.toDecimalString(),
        consumptionTax: item.rates.consumptionTax.toDecimalString(),
      },
      ratesFrom: { ...item.rates.from },
      exactLine: item.rates.exactLine,
      consumptionTaxApplied: ct.applies,
      ...(ct.note ? { consumptionTaxNote: ct.note } : {}),
      ...importTax(itemDutiable[index], taxes),
    };
  });

  const warnings: string[] = [];
  if (input.declaredAt) {
    const month = customsMonthOf(input.declaredAt);
    if (month !== tables.exchangeRates.asOf) {
      warnings.push(`exchange rates are those of ${tables.exchangeRates.asOf} but the declaration is of ${month}; load the customs rates of ${month}`);
    }
  }
  const usedAfter = usedFen + dutiableFen;
  return {
    outcome: 'ASSESSED',
    regime: decision.regime,
    taxFactor: decision.regime === 'CBEC_SINGLE_ITEM_FULL_TAX' ? '1' : '0.7',
    tax: importTax(dutiableFen, totals),
    items: itemResults,
    quotaContribution: formatFen(dutiableFen),
    quota: {
      ...(year !== undefined ? { year } : {}),
      usedBeforeCny: formatFen(usedFen),
      usedAfterCny: formatFen(usedAfter),
      remainingAfterCny: formatFen(remainingFen(usedAfter)),
      transactionLimitCny: TRANSACTION_LIMIT_CNY,
      annualLimitCny: ANNUAL_LIMIT_CNY,
    },
    exchangeRatesAsOf: tables.exchangeRates.asOf,
    warnings,
  };
}
