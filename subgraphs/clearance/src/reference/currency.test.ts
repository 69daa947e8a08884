import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  activeCurrencies,
  currencyFromCustomsCode,
  currencyInfo,
  currencyProblem,
  customsCodeOfCurrency,
  customsCurrencyCodeProblem,
} from './currency.js';

test('accepts active ISO 4217 alphabetic codes', () => {
  for (const code of ['CNY', 'USD', 'EUR', 'JPY', 'KRW', 'RUB', 'XCG', 'ZWG', 'SLE']) {
    assert.equal(currencyProblem(code), undefined, code);
  }
});

test('ships the active list with numeric codes and minor units', () => {
  assert.deepEqual(currencyInfo('CNY'), {
    code: 'CNY', numeric: '156', minorUnits: 2, name: 'Yuan Renminbi', customsCode: '142', customsName: '人民币',
  });
  assert.equal(currencyInfo('JPY')?.minorUnits, 0);
  assert.equal(currencyInfo('KWD')?.minorUnits, 3);
  assert.equal(currencyInfo('XAU')?.minorUnits, null);
  assert.equal(currencyInfo('XCG')?.numeric, '532');
  const codes = activeCurrencies().map((c) => c.code);
  assert.equal(new Set(codes).size, codes.length, 'no duplicate codes');
  assert.ok(codes.length > 170, `${codes.length} codes`);
  assert.deepEqual(codes, [...codes].sort());
});

test('refuses lower case, names and customs or ISO numeric codes with the code to send instead', () => {
  assert.equal(currencyProblem('cny'), "'cny' is lower case; upper case is required (an ISO 4217 alphabetic code: 3 upper-case letters, e.g. CNY)");
  assert.equal(currencyProblem('142'), "'142' is a China customs currency code; give the ISO 4217 alphabetic code CNY");
  assert.equal(currencyProblem('156'), "'156' is an ISO 4217 numeric code; give the alphabetic code CNY");
  assert.equal(
    currencyProblem('116'),
    "'116' is a numeric code (China customs 116 = JPY, ISO 4217 numeric 116 = KHR); give an ISO 4217 alphabetic code: 3 upper-case letters, e.g. CNY",
  );
  assert.equal(currencyProblem('人民币'), "'人民币' is a currency name; give the ISO 4217 alphabetic code CNY");
  assert.equal(currencyProblem('RMB'), 'RMB is not an ISO 4217 code; the renminbi is CNY');
});

test('refuses withdrawn codes with their replacement', () => {
  assert.equal(currencyProblem('HRK'), 'HRK is no longer an ISO 4217 currency (in use until 2023-01-14); use EUR');
  assert.equal(currencyProblem('BGN'), 'BGN is no longer an ISO 4217 currency (in use until 2026-01-31); use EUR');
  assert.equal(currencyProblem('ANG'), 'ANG is no longer an ISO 4217 currency (in use until 2025-06-30); use XCG');
});

test('refuses unknown, reserved and malformed codes', () => {
  assert.equal(currencyProblem('ABC'), 'ABC is not an active ISO 4217 currency code (an ISO 4217 alphabetic code: 3 upper-case letters, e.g. CNY)');
  assert.equal(currencyProblem('XXX'), 'XXX is reserved by ISO 4217 for transactions without a currency; give the currency of the amounts, e.g. CNY');
  assert.equal(currencyProblem('XTS'), 'XTS is reserved by ISO 4217 for testing; give the currency of the amounts, e.g. CNY');
  assert.equal(currencyProblem('US$'), "must be an ISO 4217 alphabetic code: 3 upper-case letters, e.g. CNY, got 'US$'");
  assert.equal(currencyProblem(''), "must be an ISO 4217 alphabetic code: 3 upper-case letters, e.g. CNY, got ''");
  assert.equal(currencyProblem('999'), "must be an ISO 4217 alphabetic code: 3 upper-case letters, e.g. CNY, got '999'", 'not XXX');
  assert.equal(currencyProblem('000'), "must be an ISO 4217 alphabetic code: 3 upper-case letters, e.g. CNY, got '000'");
});

test('maps customs currency codes both ways', () => {
  const pairs: Array<[string, string]> = [
    ['142', 'CNY'], ['502', 'USD'], ['300', 'EUR'], ['116', 'JPY'], ['303', 'GBP'], ['110', 'HKD'], ['601', 'AUD'],
    ['501', 'CAD'], ['132', 'SGD'], ['143', 'TWD'], ['129', 'PHP'], ['121', 'MOP'], ['331', 'CHF'], ['609', 'NZD'],
  ];
  for (const [customs, iso] of pairs) {
    assert.equal(currencyFromCustomsCode(customs), iso, customs);
    assert.equal(customsCodeOfCurrency(iso), customs, iso);
  }
  for (const c of activeCurrencies()) {
    if (c.customsCode) assert.equal(currencyFromCustomsCode(c.customsCode), c.code);
  }
});

test('has no customs code where the customs table was not confirmed', () => {
  // KRW (133?) and RUB (344?) are absent from every reproduction of the customs currency table we found.
  assert.equal(customsCodeOfCurrency('KRW'), undefined);
  assert.equal(customsCodeOfCurrency('RUB'), undefined);
  assert.equal(currencyFromCustomsCode('133'), undefined);
  assert.equal(currencyFromCustomsCode('344'), undefined);
});

test('customsCurrencyCodeProblem guides the XML importer', () => {
  assert.equal(customsCurrencyCodeProblem('142'), undefined);
  assert.equal(customsCurrencyCodeProblem('CNY'), "'CNY' is an ISO 4217 code; the customs messages carry the customs code 142");
  assert.equal(customsCurrencyCodeProblem('14'), "must be a 3-digit China customs currency code (币制代码, e.g. 142 for CNY), got '14'");
  assert.match(customsCurrencyCodeProblem('133') ?? '', /^133 is not a China customs currency code in our table \(known: 110 HKD, 113 IRR, 116 JPY, .*609 NZD\)$/);
});
