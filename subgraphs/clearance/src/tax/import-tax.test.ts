import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TaxInputError } from './errors';
import {
  computeImportTax, type AssessedImportTax, type ImportTaxInput, type ImportTaxResult, type QuotaRefusal,
} from './import-tax';
import { addCny, subtractCny } from './money';
import { fixedTables, item, shippedTables, taxInput } from './testing';

const tables = fixedTables();

function assessed(result: ImportTaxResult): AssessedImportTax {
  assert.equal(result.outcome, 'ASSESSED', JSON.stringify(result));
  return result as AssessedImportTax;
}

function refused(result: ImportTaxResult): QuotaRefusal {
  assert.equal(result.outcome, 'REFUSED', JSON.stringify(result));
  return result as QuotaRefusal;
}

function inputError(input: ImportTaxInput, field: string, problem: RegExp): void {
  assert.throws(() => computeImportTax(input, tables), (error: unknown) => {
    assert.ok(error instanceof TaxInputError, String(error));
    assert.equal(error.field, field);
    assert.match(error.problem, problem);
    return true;
  });
}

describe('worked examples within the limits (tariff 0, VAT and consumption tax at 70%)', () => {
  test('1,000 CNY of high-end cosmetics (HS 3304990099) with 50 CNY freight: dutiable 1,050.00; CT 129.71; VAT 112.41; total 242.12', () => {
    // dutiable = 1000 + 50 = 1050.00
    // statutory CT  = 1050 / (1 − 0.15) × 0.15            = 185.294117…
    // payable CT    = 185.294117… × 0.7                   = 129.705882… → 129.71
    // statutory VAT = (1050 + 185.294117…) × 0.13          = 160.588235… (the base holds the full CT)
    // payable VAT   = 160.588235… × 0.7                   = 112.411764… → 112.41
    // total         = 0.00 + 112.41 + 129.71              = 242.12 (23.06% of 1050, the published 综合税率)
    const result = assessed(computeImportTax(taxInput({ items: [item({ totalPrice: '1000.00' })], freight: '50' }), tables));
    assert.deepEqual(result.tax, { dutiable: '1050.00', tariff: '0.00', vat: '112.41', consumptionTax: '129.71', total: '242.12' });
    assert.equal(result.regime, 'CBEC_WITHIN_LIMITS');
    assert.equal(result.taxFactor, '0.7');
    assert.equal(result.quotaContribution, '1050.00');
    assert.deepEqual(result.quota, {
      usedBeforeCny: '0.00', usedAfterCny: '1050.00', remainingAfterCny: '24950.00',
      transactionLimitCny: '5000.00', annualLimitCny: '26000.00',
    });
    assert.equal(result.items[0].consumptionTaxApplied, true);
    assert.match(result.items[0].consumptionTaxNote ?? '', /assumed to meet/);
  });

  test('the same example gives the same figures with the shipped tables', () => {
    const result = assessed(computeImportTax(taxInput({ freight: '50' }), shippedTables()));
    assert.deepEqual(result.tax, { dutiable: '1050.00', tariff: '0.00', vat: '112.41', consumptionTax: '129.71', total: '242.12' });
  });

  test('cosmetics declared below the high-end threshold pay VAT only: 1,050 × 13% × 70% = 95.55', () => {
    const result = assessed(computeImportTax(taxInput({ items: [item({ consumptionTaxApplies: false })], freight: '50' }), tables));
    assert.deepEqual(result.tax, { dutiable: '1050.00', tariff: '0.00', vat: '95.55', consumptionTax: '0.00', total: '95.55' });
    assert.equal(result.items[0].consumptionTaxApplied, false);
    assert.match(result.items[0].consumptionTaxNote ?? '', /declared below/);
  });

  test('a 200 CNY book (HS 4901990000) takes the 9% rate: 200 × 9% × 70% = 12.60', () => {
    const result = assessed(computeImportTax(taxInput({ items: [item({ gcode: '4901990000', totalPrice: '200' })] }), tables));
    assert.deepEqual(result.tax, { dutiable: '200.00', tariff: '0.00', vat: '12.60', consumptionTax: '0.00', total: '12.60' });
    assert.equal(result.items[0].rates.vat, '0.09');
  });

  test('jewellery with the shipped tables: a 2,000 CNY gem-set ring of base metal clad with gold pays 10% CT, a silver ring none', () => {
    // CT = 2000 / 0.9 × 0.1 × 0.7 = 155.555… → 155.56; VAT = (2000 + 222.22…) × 0.13 × 0.7 = 202.222… → 202.22
    const clad = assessed(computeImportTax(taxInput({ items: [item({ gcode: '7113200000', totalPrice: '2000' })] }), shippedTables()));
    assert.deepEqual(clad.tax, { dutiable: '2000.00', tariff: '0.00', vat: '202.22', consumptionTax: '155.56', total: '357.78' });
    // silver jewellery: CT at retail, not at import; VAT = 2000 × 0.091 = 182.00
    const silver = assessed(computeImportTax(taxInput({ items: [item({ gcode: '7113119000', totalPrice: '2000' })] }), shippedTables()));
    assert.deepEqual(silver.tax, { dutiable: '2000.00', tariff: '0.00', vat: '182.00', consumptionTax: '0.00', total: '182.00' });
  });
});

describe('foreign currency', () => {
  test('100 USD of T-shirts + 10 USD freight + 1 USD insurance at 7.12: dutiable 790.32, VAT 790.32 × 9.1% = 71.92', () => {
    const result = assessed(computeImportTax(taxInput({
      items: [item({ gcode: '6109100021', totalPrice: '100.00', currency: 'USD' })],
      freight: '10.00', insuredFee: '1.00', currency: 'USD',
    }), tables));
    // 111 × 7.12 = 790.32; VAT 790.32 × 0.13 × 0.7 = 71.91912 → 71.92
    assert.deepEqual(result.tax, { dutiable: '790.32', tariff: '0.00', vat: '71.92', consumptionTax: '0.00', total: '71.92' });
    assert.equal(result.items[0].exchangeRate, '7.12');
    assert.equal(result.quotaContribution, '790.32');
  });

  test('items in JPY and USD with freight in EUR: freight is apportioned by value in CNY and the items add up to the dutiable value', () => {
    // goods: 12,345 JPY × 4.65/100 = 574.0425; 50 USD × 7.12 = 356.00; freight 20 EUR × 8.25 = 165.00
    // dutiable = 1095.0425 → 1095.04 (rounded once, for the transaction)
    // split by goods value 574.0425 : 356.00 → 675.8825… and 419.1574… → 675.88 + 419.16 (the spare fen
    //   goes to the larger remainder, .74 of the second item)
    // cosmetics 675.88: CT 675.88 / 0.85 × 0.15 × 0.7 = 83.491… → 83.49; VAT (675.88 + 119.27…) × 0.091 = 72.358… → 72.36
    // T-shirt 419.16: VAT 419.16 × 0.091 = 38.14356 → 38.14
    const result = assessed(computeImportTax(taxInput({
      items: [
        item({ gcode: '3304990099', totalPrice: '12345', currency: 'JPY' }),
        item({ gcode: '6109100021', totalPrice: '50.00', currency: 'USD' }),
      ],
      freight: '20', currency: 'EUR',
    }), tables));
    assert.deepEqual(result.items.map((line) => [line.dutiable, line.consumptionTax, line.vat, line.exchangeRate]), [
      ['675.88', '83.49', '72.36', '0.0465'],
      ['419.16', '0.00', '38.14', '7.12'],
    ]);
    assert.deepEqual(result.tax, { dutiable: '1095.04', tariff: '0.00', vat: '110.50', consumptionTax: '83.49', total: '193.99' });
  });

  test('a currency missing from the customs table is refused with the known ones listed', () => {
    inputError(taxInput({ items: [item({ currency: 'XAU' })] }), 'items[0].currency', /no customs exchange rate for XAU in the table of 2026-11; known: CNY, EUR, JPY, USD/);
  });
});

describe('rounding: each tax once, half-up, then summed', () => {
  test('15.00 of 13% goods: VAT 15 × 0.13 × 0.7 = 1.365 exactly → 1.37 (float toFixed would give 1.36)', () => {
    assert.equal((15 * 0.13 * 0.7).toFixed(2), '1.36'); // the binary 1.365 is 1.36499999…
    const result = assessed(computeImportTax(taxInput({ items: [item({ gcode: '6109100021', totalPrice: '15.00' })] }), tables));
    assert.equal(result.tax.vat, '1.37');
  });

  test('5.00 of 13% goods: VAT 0.455 → 0.46', () => {
    const result = assessed(computeImportTax(taxInput({ items: [item({ gcode: '6109100021', totalPrice: '5' })] }), tables));
    assert.equal(result.tax.vat, '0.46');
  });

  test('two items of 15.00: each VAT 1.365 → 1.37, the transaction 2.74 (not 30 × 0.091 = 2.73 rounded after summing)', () => {
    const result = assessed(computeImportTax(taxInput({
      items: [item({ gcode: '6109100021', totalPrice: '15.00' }), item({ gcode: '6109100022', totalPrice: '15.00' })],
    }), tables));
    assert.deepEqual(result.items.map((line) => line.vat), ['1.37', '1.37']);
    assert.equal(result.tax.vat, '2.74');
    assert.equal(result.tax.total, '2.74');
  });

  test('a single golf set of 5,000.05 in full: tariff 500.005 → 500.01; CT 611.117… → 611.12; VAT 794.452… → 794.45; total 1,905.58', () => {
    // CT base and VAT base use the exact tariff (500.005) and the exact CT, not the rounded amounts
    const result = assessed(computeImportTax(taxInput({ items: [item({ gcode: '9506310000', totalPrice: '5000.05' })] }), tables));
    assert.deepEqual(result.tax, { dutiable: '5000.05', tariff: '500.01', vat: '794.45', consumptionTax: '611.12', total: '1905.58' });
  });

  test('the transaction dutiable value is rounded once, then split into whole fen that add up to it', () => {
    // goods 3 × 1.00 USD = 21.36; freight 0.01 USD = 0.0712 → dutiable 21.4312 → 21.43, split 7.15 / 7.14 / 7.14
    const result = assessed(computeImportTax(taxInput({
      items: [1, 2, 3].map((n) => item({ gcode: `610910002${n}`, totalPrice: '1.00', currency: 'USD' })),
      freight: '0.01', currency: 'USD',
    }), tables));
    assert.equal(result.tax.dutiable, '21.43');
    assert.deepEqual(result.items.map((line) => line.dutiable), ['7.15', '7.14', '7.14']);
  });
});

describe('one indivisible item above 5,000 CNY (财关税〔2018〕49号 二): every tax in full', () => {
  test('a 12,000 CNY watch (HS 9102110000): tariff 1,200.00; CT 3,300.00; VAT 2,145.00; total 6,645.00, counted in the year', () => {
    // tariff = 12000 × 10% (default)                         = 1200.00
    // CT     = (12000 + 1200) / (1 − 0.20) × 0.20            = 3300.00 (≥ 10,000 per piece: 高档手表)
    // VAT    = (12000 + 1200 + 3300) × 0.13                  = 2145.00
    const result = assessed(computeImportTax(taxInput({
      items: [item({ gcode: '9102110000', totalPrice: '12000' })], annualUsedCny: '3000',
    }), tables));
    assert.equal(result.regime, 'CBEC_SINGLE_ITEM_FULL_TAX');
    assert.equal(result.taxFactor, '1');
    assert.deepEqual(result.tax, { dutiable: '12000.00', tariff: '1200.00', vat: '2145.00', consumptionTax: '3300.00', total: '6645.00' });
    assert.equal(result.quotaContribution, '12000.00');
    assert.equal(result.quota.usedAfterCny, '15000.00');
    assert.equal(result.quota.remainingAfterCny, '11000.00');
  });

  test('a 6,000 CNY watch is below the 10,000 high-end threshold: tariff 600.00, no CT, VAT 858.00', () => {
    const result = assessed(computeImportTax(taxInput({ items: [item({ gcode: '9102110000', totalPrice: '6000' })] }), tables));
    assert.deepEqual(result.tax, { dutiable: '6000.00', tariff: '600.00', vat: '858.00', consumptionTax: '0.00', total: '1458.00' });
    assert.equal(result.items[0].consumptionTaxApplied, false);
    assert.match(result.items[0].consumptionTaxNote ?? '', /below the 10000\.00 CNY threshold/);
  });

  test('a single item of exactly 5,000.00 stays within the limits at 70%', () => {
    const result = assessed(computeImportTax(taxInput({ items: [item({ gcode: '6109100021', totalPrice: '5000' })] }), tables));
    assert.equal(result.regime, 'CBEC_WITHIN_LIMITS');
    assert.deepEqual(result.tax, { dutiable: '5000.00', tariff: '0.00', vat: '455.00', consumptionTax: '0.00', total: '455.00' });
  });
});

describe('quota refusals (the caller reports QUOTA_EXCEEDED with the used and remaining amounts)', () => {
  test('two items worth 3,000 + 2,000.01 exceed the 5,000 transaction limit', () => {
    const result = refused(computeImportTax(taxInput({
      items: [item({ totalPrice: '3000' }), item({ gcode: '6109100021', totalPrice: '2000.01' })],
      annualUsedCny: '1000',
    }), tables));
    assert.deepEqual({ ...result, message: undefined }, {
      outcome: 'REFUSED', refused: 'TRANSACTION_LIMIT', usedCny: '1000.00', remainingCny: '25000.00', limitCny: '5000.00',
      transactionCny: '5000.01', message: undefined,
    });
    assert.match(result.message, /exceeds the 5000\.00 CNY per-transaction limit.*split the order/);
  });

  test('freight counts: 2,500 + 2,500 of goods with 0.01 freight is 5,000.01 and is refused', () => {
    const result = refused(computeImportTax(taxInput({
      items: [item({ totalPrice: '2500' }), item({ totalPrice: '2500' })], freight: '0.01',
    }), tables));
    assert.equal(result.refused, 'TRANSACTION_LIMIT');
    assert.equal(result.transactionCny, '5000.01');
  });

  test('one line of quantity 2 is not a single item: 5,200 CNY is refused on the transaction limit', () => {
    const result = refused(computeImportTax(taxInput({ items: [item({ totalPrice: '5200', qty: 2 })] }), tables));
    assert.equal(result.refused, 'TRANSACTION_LIMIT');
  });

  test('a buyer with 24,000 used cannot buy 2,500 more: ANNUAL_QUOTA, used 24,000.00, remaining 2,000.00', () => {
    const result = refused(computeImportTax(taxInput({
      items: [item({ totalPrice: '2500' })], annualUsedCny: '24000', declaredAt: new Date('2026-11-25T08:00:00Z'),
    }), tables));
    assert.deepEqual({ ...result, message: undefined }, {
      outcome: 'REFUSED', refused: 'ANNUAL_QUOTA', usedCny: '24000.00', remainingCny: '2000.00', limitCny: '26000.00',
      transactionCny: '2500.00', year: 2026, message: undefined,
    });
    assert.match(result.message, /past the 26000\.00 CNY annual limit for 2026: used 24000\.00, remaining 2000\.00/);
  });

  test('the same buyer may spend exactly the remaining 2,000.00, which leaves 0.00', () => {
    const result = assessed(computeImportTax(taxInput({ items: [item({ totalPrice: '2000' })], annualUsedCny: '24000' }), tables));
    assert.equal(result.quota.usedAfterCny, '26000.00');
    assert.equal(result.quota.remainingAfterCny, '0.00');
  });

  test('a single 8,000 CNY item for a buyer with 20,000 used is refused on the annual quota, not taxed in full', () => {
    const result = refused(computeImportTax(taxInput({
      items: [item({ gcode: '9102110000', totalPrice: '8000' })], annualUsedCny: '20000',
    }), tables));
    assert.equal(result.refused, 'ANNUAL_QUOTA');
    assert.equal(result.remainingCny, '6000.00');
  });

  test('a buyer already past the limit has 0.00 remaining, never a negative amount', () => {
    const result = refused(computeImportTax(taxInput({ annualUsedCny: '26500' }), tables));
    assert.equal(result.remainingCny, '0.00');
  });

  test('the quota year is the Beijing calendar year: 2026-12-31T16:30Z counts in 2027', () => {
    const result = assessed(computeImportTax(taxInput({ declaredAt: new Date('2026-12-31T16:30:00Z') }), tables));
    assert.equal(result.quota.year, 2027);
  });

  test('the contribution added at declaration is exactly what a rejection or return releases', () => {
    const result = assessed(computeImportTax(taxInput({ freight: '12.34', insuredFee: '0.66', annualUsedCny: '500.50' }), tables));
    assert.equal(result.quotaContribution, '1013.00');
    const ledger = addCny('500.50', result.quotaContribution);
    assert.equal(ledger, result.quota.usedAfterCny);
    assert.equal(subtractCny(ledger, result.quotaContribution), '500.50');
  });
});

describe('HS codes and rates', () => {
  test('a 10-digit line missing from the table takes its heading\'s rates: 3304990011 is taxed as 3304990099', () => {
    const known = assessed(computeImportTax(taxInput({ items: [item({ gcode: '3304990099' })], freight: '50' }), tables));
    const unknown = assessed(computeImportTax(taxInput({ items: [item({ gcode: '3304990011' })], freight: '50' }), tables));
    assert.deepEqual(unknown.tax, known.tax);
    assert.equal(unknown.items[0].exactLine, false);
    assert.deepEqual(unknown.items[0].ratesFrom, { tariff: '3304', vat: 'default', consumptionTax: '3304' });
  });

  test('a line with a compound or specific excise is refused with the reason, not taxed at a guessed rate', () => {
    inputError(taxInput({ items: [item({ gcode: '2208300000' })] }), 'items[0].gcode', /HS 2208300000: spirits bear a compound tax; this engine does not assess it/);
  });

  test('consumptionTaxApplies: false cannot waive an unconditional consumption tax (golf clubs)', () => {
    inputError(taxInput({ items: [item({ gcode: '9506310000', consumptionTaxApplies: false })] }), 'items[0].consumptionTaxApplies', /has no condition to waive/);
  });

  test('a declaration in another month than the exchange-rate table is assessed with a warning', () => {
    const stale = assessed(computeImportTax(taxInput({ declaredAt: new Date('2026-12-02T01:00:00Z') }), tables));
    assert.deepEqual(stale.warnings, ['exchange rates are those of 2026-11 but the declaration is of 2026-12; load the customs rates of 2026-12']);
    const current = assessed(computeImportTax(taxInput({ declaredAt: new Date('2026-11-25T01:00:00Z') }), tables));
    assert.deepEqual(current.warnings, []);
  });
});

describe('inputs the engine refuses, naming the field and the accepted form', () => {
  const cases: Array<[string, ImportTaxInput, string, RegExp]> = [
    ['no items', taxInput({ items: [] }), 'items', /at least one item/],
    ['an 8-digit gcode', taxInput({ items: [item({ gcode: '33049900' })] }), 'items[0].gcode', /must be 10 digits.*got "33049900"/],
    ['a price as a float', taxInput({ items: [item({ totalPrice: 19.9 as unknown as string })] }), 'items[0].totalPrice', /decimal string.*got 19\.9/],
    ['a negative price', taxInput({ items: [item({ totalPrice: '-1' })] }), 'items[0].totalPrice', /non-negative/],
    ['a zero quantity', taxInput({ items: [item({ qty: 0 })] }), 'items[0].qty', /positive quantity/],
    ['a lower-case currency', taxInput({ currency: 'usd' }), 'currency', /ISO 4217/],
    ['freight with 5 decimals', taxInput({ freight: '1.00001' }), 'freight', /at most 4 decimals/],
    ['used quota with 3 decimals', taxInput({ annualUsedCny: '1.005' }), 'annualUsedCny', /at most 2 decimals/],
    ['an invalid declaration date', taxInput({ declaredAt: new Date('x') }), 'declaredAt', /valid Date/],
  ];
  for (const [name, input, field, problem] of cases) {
    test(`${name} → ${field}`, () => inputError(input, field, problem));
  }
});
