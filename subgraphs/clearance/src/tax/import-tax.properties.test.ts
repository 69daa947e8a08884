// Property tests over seeded random transactions (fast-check is not installed in this repo; the
// loop below is deterministic, and a failure names the seed that reproduces it).
//
// The oracle recomputes every figure with plain BigInt integer arithmetic and the closed-form
// formulas, independently of Rational and of the engine's order of operations.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeImportTax, type ImportTaxInput } from './import-tax';
import { seededRandom, shippedTables } from './testing';

const RUNS = 3000;
const GCODES = [
  '3304990099', '3304100000', '3303000000', '4901990000', '0805100000', '1509200000', '9102110000', '9101190000',
  '9506310000', '9506320000', '7113200000', '7113119000', '6109100021', '8517130000', '2204210000', '2309109000',
];
const CURRENCIES = ['CNY', 'CNY', 'USD', 'EUR', 'JPY', 'KRW', 'HKD', 'GBP'];

interface Case {
  seed: number;
  input: ImportTaxInput;
}

function generate(seed: number): Case {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const int = (max: number) => Math.floor(random() * (max + 1));
  const money = (currency: string, maxCny: number): string => {
    // a random amount worth up to about maxCny, in the currency's smallest usual unit
    const scale = currency === 'JPY' ? 21 : currency === 'KRW' ? 200 : currency === 'CNY' ? 1 : 0.15;
    const whole = int(Math.ceil(maxCny * scale));
    return currency === 'JPY' || currency === 'KRW' ? String(whole) : `${whole}.${String(int(99)).padStart(2, '0')}`;
  };
  const size = random() < 0.5 ? 1 : 1 + int(3);
  const cap = pick([300, 2000, 5000, 8000, 30000]);
  const documentCurrency = pick(CURRENCIES);
  return {
    seed,
    input: {
      items: Array.from({ length: size }, () => {
        const currency = pick(CURRENCIES);
        return {
          gcode: pick(GCODES),
          totalPrice: money(currency, cap / size),
          currency,
          qty: random() < 0.6 ? 1 : 1 + int(4),
          ...(random() < 0.1 ? { consumptionTaxApplies: true } : {}),
        };
      }),
      freight: money(documentCurrency, pick([0, 20, 200])),
      insuredFee: money(documentCurrency, pick([0, 0, 10])),
      currency: documentCurrency,
      annualUsedCny: `${int(27_000)}.${String(int(99)).padStart(2, '0')}`,
    },
  };
}

// ---- the oracle: integers only ----

const tables = shippedTables();
const SCALE = 10n ** 8n; // amounts in 1e-8 CNY

/** A decimal string as [numerator, denominator]. */
function fraction(text: string): [bigint, bigint] {
  const [whole, part = ''] = text.split('.');
  return [BigInt(whole + part), 10n ** BigInt(part.length)];
}

/** Amount in a currency → 1e-8 CNY, exact for the shipped table (4-decimal rates, units of 1 or 100). */
function toCnyUnits(amount: string, currency: string): bigint {
  const rate = tables.exchangeRates.rates.get(currency);
  assert.ok(rate);
  const [an, ad] = fraction(amount);
  const value = an * rate.cny.num * SCALE;
  const den = ad * rate.cny.den * rate.unit;
  assert.equal(value % den, 0n, `${amount} ${currency} is not exact in 1e-8 CNY`);
  return value / den;
}

/** round-half-up(num / den) for num ≥ 0. */
const roundDiv = (num: bigint, den: bigint) => (2n * num + den) / (2n * den);
const fen = (text: string) => {
  const [n, d] = fraction(text);
  return (n * 100n) / d;
};

describe(`properties over ${RUNS} seeded random transactions`, () => {
  test('totals, sums, quota decision and every tax agree with an integer-only oracle', () => {
    let assessed = 0;
    let refused = 0;
    let fullTax = 0;
    for (let seed = 1; seed <= RUNS; seed++) {
      const { input } = generate(seed);
      const at = `seed ${seed}: ${JSON.stringify(input)}`;
      const result = computeImportTax(input, tables);

      // dutiable value: Σ goods + freight + insurance in CNY, rounded half-up once
      const goods = input.items.map((line) => toCnyUnits(line.totalPrice, line.currency));
      const fees = toCnyUnits(input.freight, input.currency) + toCnyUnits(input.insuredFee, input.currency);
      const goodsSum = goods.reduce((sum, value) => sum + value, 0n);
      const dutiableFen = roundDiv(goodsSum + fees, SCALE / 100n);
      const usedFen = fen(input.annualUsedCny);
      const single = input.items.length === 1 && Number(input.items[0].qty) === 1;

      if (result.outcome === 'REFUSED') {
        refused++;
        assert.equal(fen(result.transactionCny), dutiableFen, at);
        if (result.refused === 'TRANSACTION_LIMIT') {
          assert.ok(!single && dutiableFen > 500_000n, at);
        } else {
          assert.ok((single || dutiableFen <= 500_000n) && usedFen + dutiableFen > 2_600_000n, at);
        }
        const remaining = usedFen >= 2_600_000n ? 0n : 2_600_000n - usedFen;
        assert.equal(fen(result.remainingCny), remaining, at);
        assert.equal(fen(result.usedCny), usedFen, at);
        continue;
      }

      assessed++;
      const { tax, items } = result;
      const full = result.regime === 'CBEC_SINGLE_ITEM_FULL_TAX';
      if (full) fullTax++;
      assert.equal(fen(tax.dutiable), dutiableFen, at);
      assert.ok(dutiableFen <= 500_000n || single, at);
      assert.equal(full, dutiableFen > 500_000n, at);
      assert.ok(usedFen + dutiableFen <= 2_600_000n, at);
      assert.equal(result.quotaContribution, tax.dutiable, at);
      assert.equal(fen(result.quota.usedAfterCny), usedFen + dutiableFen, at);

      // the transaction's figures are the sums of the items'; total = tariff + VAT + CT
      for (const field of ['dutiable', 'tariff', 'vat', 'consumptionTax', 'total'] as const) {
        assert.equal(items.reduce((sum, line) => sum + fen(line[field]), 0n), fen(tax[field]), `${field} ${at}`);
      }
      for (const figures of [tax, ...items]) {
        assert.equal(fen(figures.total), fen(figures.tariff) + fen(figures.vat) + fen(figures.consumptionTax), at);
        for (const value of Object.values(figures)) if (typeof value === 'string' && /^-/.test(value)) assert.fail(`negative ${at}`);
      }
      if (!full) assert.equal(tax.tariff, '0.00', at);

      items.forEach((line, index) => {
        const d = fen(line.dutiable);
        // apportionment: each item is within one fen of its exact share of the dutiable value
        if (goodsSum > 0n) {
          const exactTimesSum = dutiableFen * goods[index];
          const diff = d * goodsSum - exactTimesSum;
          assert.ok(diff < goodsSum && -diff < goodsSum, `share of item ${index} ${at}`);
        }
        // taxes from the closed forms, with k = 7/10 within the limits and 1 in full:
        //   tariff = d·t;  CT = d(1+t)·c/(1−c)·k;  VAT = d(1+t)/(1−c)·v·k
        const [tn, td] = full ? fraction(line.rates.tariff) : [0n, 1n];
        const [cn, cd] = line.consumptionTaxApplied ? fraction(line.rates.consumptionTax) : [0n, 1n];
        const [vn, vd] = fraction(line.rates.vat);
        const [kn, kd] = full ? [1n, 1n] : [7n, 10n];
        assert.equal(fen(line.tariff), roundDiv(d * tn, td), `tariff ${at}`);
        assert.equal(fen(line.consumptionTax), roundDiv(d * (td + tn) * cn * kn, td * (cd - cn) * kd), `CT ${at}`);
        assert.equal(fen(line.vat), roundDiv(d * (td + tn) * cd * vn * kn, td * (cd - cn) * vd * kd), `VAT ${at}`);
      });
    }
    // the generator reaches every branch
    assert.ok(assessed > RUNS / 3, `assessed ${assessed}`);
    assert.ok(refused > RUNS / 10, `refused ${refused}`);
    assert.ok(fullTax > 20, `full tax ${fullTax}`);
  });

  test('taxes grow with the dutiable value: one more yuan of the same goods never lowers a tax', () => {
    const random = seededRandom(42);
    for (let run = 0; run < 500; run++) {
      const gcode = GCODES[Math.floor(random() * GCODES.length)];
      const price = Math.floor(random() * 4_000) + 1;
      const at = (p: number) => computeImportTax({
        items: [{ gcode, totalPrice: `${p}.00`, currency: 'CNY', qty: 1 }],
        freight: '0', insuredFee: '0', currency: 'CNY', annualUsedCny: '0',
      }, tables);
      const low = at(price);
      const high = at(price + 1);
      assert.ok(low.outcome === 'ASSESSED' && high.outcome === 'ASSESSED');
      for (const field of ['vat', 'consumptionTax', 'total'] as const) {
        assert.ok(fen(high.tax[field]) >= fen(low.tax[field]), `${gcode} ${price} ${field}`);
      }
    }
  });
});
