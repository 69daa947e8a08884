import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { TaxTableError } from './errors';
import {
  DEFAULT_EXCHANGE_RATES_PATH, DEFAULT_TAX_RATES_PATH, loadTaxTables, parseExchangeRates, parseTaxRates, ratesFor,
} from './tax-tables';
import { fixedTables, shippedDataDir, shippedTables } from './testing';

const rateOf = (table: ReturnType<typeof shippedTables>['taxRates'], gcode: string) => {
  const rates = ratesFor(table, gcode);
  return {
    tariff: rates.tariff.toDecimalString(),
    vat: rates.vat.toDecimalString(),
    consumptionTax: rates.consumptionTax.toDecimalString(),
    from: rates.from,
    exactLine: rates.exactLine,
  };
};

describe('the shipped rate tables', () => {
  const { taxRates, exchangeRates } = shippedTables();

  test('load and validate, with a month for each', () => {
    assert.match(taxRates.asOf, /^\d{4}-\d{2}$/);
    assert.match(exchangeRates.asOf, /^\d{4}-\d{2}$/);
    assert.equal(taxRates.defaults.vat.toDecimalString(), '0.13');
    assert.equal(taxRates.defaults.tariff.toDecimalString(), '0.1');
    assert.equal(taxRates.defaults.consumptionTax.toDecimalString(), '0');
  });

  test('carry the common currencies, JPY per 100 units, and CNY at 1', () => {
    for (const currency of ['USD', 'EUR', 'JPY', 'KRW', 'GBP', 'HKD', 'AUD', 'CNY']) {
      assert.ok(exchangeRates.rates.has(currency), currency);
    }
    const jpy = exchangeRates.rates.get('JPY');
    assert.equal(jpy?.unit, 100n);
    assert.equal(jpy?.perUnit.toDecimalString(), '0.0465');
    assert.equal(exchangeRates.rates.get('CNY')?.perUnit.toDecimalString(), '1');
  });

  test('high-end cosmetics: 15% consumption tax, 13% VAT', () => {
    assert.deepEqual(rateOf(taxRates, '3304990099'), {
      tariff: '0.01', vat: '0.13', consumptionTax: '0.15',
      from: { tariff: '3304', vat: 'default', consumptionTax: '3304' }, exactLine: false,
    });
    assert.match(ratesFor(taxRates, '3304990099').consumptionTaxCondition ?? '', /财税〔2016〕103号/);
  });

  test('books, edible oils, fruit, fertiliser take 9% VAT; pet food stays at 13% inside a 9% heading', () => {
    assert.equal(rateOf(taxRates, '4901990000').vat, '0.09');
    assert.equal(rateOf(taxRates, '1509200000').vat, '0.09');
    assert.equal(rateOf(taxRates, '0805100000').vat, '0.09');
    assert.equal(rateOf(taxRates, '0805100000').from.vat, '08');
    assert.equal(rateOf(taxRates, '3105200000').vat, '0.09');
    assert.equal(rateOf(taxRates, '2309901000').vat, '0.09');
    assert.equal(rateOf(taxRates, '2309109000').vat, '0.13');
    assert.equal(rateOf(taxRates, '2309109000').from.vat, '230910');
  });

  test('jewellery is 10% except gold, silver and platinum jewellery, taxed at retail instead', () => {
    assert.equal(rateOf(taxRates, '7113200000').consumptionTax, '0.1');
    assert.equal(rateOf(taxRates, '7113119000').consumptionTax, '0');
    assert.equal(rateOf(taxRates, '7113191100').consumptionTax, '0');
    assert.equal(rateOf(taxRates, '7116100000').consumptionTax, '0.1');
  });

  test('watches 20% from 10,000 CNY per piece; golf equipment 10%; wine 10%', () => {
    const watch = ratesFor(taxRates, '9102110000');
    assert.equal(watch.consumptionTax.toDecimalString(), '0.2');
    assert.equal(watch.consumptionTaxMinUnitValueCny?.toDecimalString(), '10000');
    for (const gcode of ['9506310000', '9506320000', '9506390000']) assert.equal(rateOf(taxRates, gcode).consumptionTax, '0.1');
    assert.equal(rateOf(taxRates, '2204210000').consumptionTax, '0.1');
  });

  test('specific-rate excise goods are marked unsupported, never silently at 0', () => {
    for (const gcode of ['2208300000', '2203000000', '2402200000', '8703241000']) {
      assert.ok(ratesFor(taxRates, gcode).unsupported, gcode);
    }
    assert.equal(ratesFor(taxRates, '8703800000').unsupported, undefined);
  });
});

describe('ratesFor', () => {
  test('a 10-digit line missing from the table takes the rates of its heading', () => {
    const { taxRates } = fixedTables();
    const known = rateOf(taxRates, '3304990099');
    const unknown = rateOf(taxRates, '3304100000');
    assert.deepEqual(unknown, known);
    assert.deepEqual(unknown.from, { tariff: '3304', vat: 'default', consumptionTax: '3304' });
  });

  test('the longest key wins field by field: a national line overrides one rate and inherits the rest', () => {
    const { taxRates } = fixedTables({ '3304990011': { consumptionTax: '0' }, '33': { vat: '0.09' } });
    const line = rateOf(taxRates, '3304990011');
    assert.deepEqual(line, {
      tariff: '0.01', vat: '0.09', consumptionTax: '0',
      from: { tariff: '3304', vat: '33', consumptionTax: '3304990011' }, exactLine: true,
    });
    // the heading's consumption-tax condition does not leak onto the line's own rate
    assert.equal(ratesFor(taxRates, '3304990011').consumptionTaxCondition, undefined);
  });

  test('an entry can lift a shorter key\'s refusal', () => {
    const { taxRates } = fixedTables({ '220820': { unsupported: false, consumptionTax: '0.10' } });
    assert.equal(ratesFor(taxRates, '2208200000').unsupported, undefined);
    assert.ok(ratesFor(taxRates, '2208300000').unsupported);
  });

  test('an HS code nowhere in the table takes the defaults', () => {
    const { taxRates } = fixedTables();
    assert.deepEqual(rateOf(taxRates, '6109100021').from, { tariff: 'default', vat: 'default', consumptionTax: 'default' });
  });
});

describe('table validation', () => {
  test('every problem of a rate file is listed in one error', () => {
    const bad = {
      asOf: '2026-13',
      defaults: { tariff: 0.1, vat: '0.13', consumptionTax: '0' },
      rates: {
        '330': { vat: '0.13' },
        '3304': { consumptionTax: '1', vatRate: '0.13' },
        '9102': { consumptionTaxMinUnitValueCny: '10000' },
        '4901': { vat: '-0.09' },
      },
      extra: true,
    };
    assert.throws(() => parseTaxRates(bad, 'bad.json'), (error: unknown) => {
      assert.ok(error instanceof TaxTableError);
      const text = error.problems.join('\n');
      assert.match(text, /unknown top-level field "extra"/);
      assert.match(text, /asOf must be a month "YYYY-MM", got "2026-13"/);
      assert.match(text, /defaults\.tariff must be a decimal string such as "0\.13", got 0\.1 \(number\)/);
      assert.match(text, /rates\["330"\]: a key must be 2, 4, 6, 8 or 10 digits/);
      assert.match(text, /rates\["3304"\]\.consumptionTax must be between 0 and 1 \(exclusive\), got "1"/);
      assert.match(text, /rates\["3304"\]: unknown field "vatRate"/);
      assert.match(text, /rates\["9102"\]: a consumption-tax condition needs the consumptionTax rate/);
      assert.match(text, /rates\["4901"\]\.vat must be between 0 and 1/);
      assert.equal(error.problems.length, 8);
      assert.match(error.message, /^bad\.json: 8 problem\(s\)/);
      return true;
    });
  });

  test('an exchange-rate file names the currency and the accepted form', () => {
    const bad = { asOf: '2026-11', rates: { usd: '7.1', EUR: '0', JPY: { cny: '4.65', unit: 0.5 }, CNY: '7', GBP: 9.45 } };
    assert.throws(() => parseExchangeRates(bad, 'fx.json'), (error: unknown) => {
      assert.ok(error instanceof TaxTableError);
      const text = error.problems.join('\n');
      assert.match(text, /rates\.usd: a currency must be an ISO 4217 code/);
      assert.match(text, /rates\.EUR must be a positive decimal string/);
      assert.match(text, /rates\.JPY\.unit must be a positive whole number/);
      assert.match(text, /rates\.CNY: CNY converts to itself at 1/);
      assert.match(text, /rates\.GBP must be a positive decimal string .* got 9\.45 \(number\)/);
      return true;
    });
  });
});

describe('loadTaxTables', () => {
  test('defaults to the files shipped in data/, resolved from the module (src/tax or dist/tax)', () => {
    assert.equal(path.basename(DEFAULT_TAX_RATES_PATH), 'tax-rates.json');
    assert.equal(path.basename(DEFAULT_EXCHANGE_RATES_PATH), 'exchange-rates.json');
    assert.equal(path.basename(path.dirname(DEFAULT_TAX_RATES_PATH)), 'data');
  });

  test('TAX_RATES_PATH and CUSTOMS_EXCHANGE_RATES_PATH replace the shipped files; an argument beats the environment', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tax-tables-'));
    const rates = path.join(dir, 'rates.json');
    const fx = path.join(dir, 'fx.json');
    writeFileSync(rates, JSON.stringify({ asOf: '2027-01', defaults: { tariff: '0.05', vat: '0.13', consumptionTax: '0' }, rates: {} }));
    writeFileSync(fx, JSON.stringify({ asOf: '2027-01', rates: { USD: '7.0000' } }));
    const fromEnv = loadTaxTables({}, { TAX_RATES_PATH: rates, CUSTOMS_EXCHANGE_RATES_PATH: fx });
    assert.equal(fromEnv.taxRates.asOf, '2027-01');
    assert.equal(fromEnv.taxRates.source, rates);
    assert.equal(fromEnv.exchangeRates.rates.get('USD')?.perUnit.toDecimalString(), '7');
    const shippedRates = path.join(shippedDataDir(), 'tax-rates.json');
    const mixed = loadTaxTables({ taxRatesPath: shippedRates }, { TAX_RATES_PATH: rates, CUSTOMS_EXCHANGE_RATES_PATH: fx });
    assert.equal(mixed.taxRates.source, shippedRates);
    assert.equal(mixed.exchangeRates.source, fx);
  });

  test('a missing file names the variable to fix; a broken file says it is not JSON', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tax-tables-'));
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{ "asOf": ');
    assert.throws(
      () => loadTaxTables({}, { TAX_RATES_PATH: path.join(dir, 'absent.json'), CUSTOMS_EXCHANGE_RATES_PATH: broken }),
      /absent\.json: .*cannot read the file .*set TAX_RATES_PATH/s,
    );
    assert.throws(
      () => loadTaxTables({ taxRatesPath: path.join(shippedDataDir(), 'tax-rates.json') }, { CUSTOMS_EXCHANGE_RATES_PATH: broken }),
      /broken\.json: .*not valid JSON/s,
    );
  });
});
