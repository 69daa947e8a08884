import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allCountries,
  countryFromCustomsCode,
  countryInfo,
  countryProblem,
  customsCodeOfCountry,
  customsCountryCodeProblem,
} from './country.js';

test('accepts ISO 3166-1 alpha-2 codes', () => {
  for (const code of ['CN', 'JP', 'US', 'DE', 'KR', 'HK', 'MO', 'TW', 'SS', 'BQ', 'AQ']) {
    assert.equal(countryProblem(code), undefined, code);
  }
});

test('ships all 249 officially assigned codes with English and Chinese names', () => {
  const all = allCountries();
  assert.equal(all.length, 249);
  assert.equal(new Set(all.map((c) => c.alpha2)).size, 249);
  for (const c of all) {
    assert.match(c.alpha2, /^[A-Z]{2}$/);
    assert.match(c.alpha3, /^[A-Z]{3}$/);
    assert.match(c.numeric, /^\d{3}$/);
    assert.ok(c.en && c.zh, c.alpha2);
  }
  assert.deepEqual(countryInfo('JP'), { alpha2: 'JP', alpha3: 'JPN', numeric: '392', en: 'Japan', zh: '日本', customsCode: '116' });
  assert.equal(countryInfo('HK')?.zh, '中国香港');
  assert.equal(countryInfo('XK'), undefined);
});

test('refuses lower case, alpha-3, numeric codes and names with the code to send instead', () => {
  assert.equal(countryProblem('jp'), "'jp' is lower case; upper case is required (an ISO 3166-1 alpha-2 code: 2 upper-case letters, e.g. JP)");
  assert.equal(countryProblem('JPN'), "'JPN' is an ISO 3166-1 alpha-3 code; give the alpha-2 code JP");
  assert.equal(countryProblem('502'), "'502' is a China customs country code; give the ISO 3166-1 alpha-2 code US");
  assert.equal(countryProblem('392'), "'392' is an ISO 3166-1 numeric code; give the alpha-2 code JP");
  assert.equal(
    countryProblem('116'),
    "'116' is a numeric code (China customs 116 = JP, ISO 3166-1 numeric 116 = KH); give an ISO 3166-1 alpha-2 code: 2 upper-case letters, e.g. JP",
  );
  assert.equal(countryProblem('日本'), "'日本' is a country name; give the ISO 3166-1 alpha-2 code JP");
  assert.equal(countryProblem('Japan'), "'Japan' is a country name; give the ISO 3166-1 alpha-2 code JP");
});

test('refuses codes that are not countries', () => {
  assert.equal(countryProblem('UK'), 'UK is not an ISO 3166-1 alpha-2 code; the United Kingdom is GB');
  assert.equal(countryProblem('EU'), 'EU is not a country; give the member country of origin, e.g. DE');
  assert.equal(countryProblem('XK'), 'XK is not an ISO 3166-1 alpha-2 country code (an ISO 3166-1 alpha-2 code: 2 upper-case letters, e.g. JP)');
  assert.equal(countryProblem('J'), "must be an ISO 3166-1 alpha-2 code: 2 upper-case letters, e.g. JP, got 'J'");
});

test('maps customs country codes both ways', () => {
  const pairs: Array<[string, string]> = [
    ['142', 'CN'], ['116', 'JP'], ['133', 'KR'], ['502', 'US'], ['304', 'DE'], ['303', 'GB'], ['305', 'FR'], ['307', 'IT'],
    ['601', 'AU'], ['110', 'HK'], ['121', 'MO'], ['143', 'TW'], ['132', 'SG'], ['501', 'CA'], ['344', 'RU'], ['609', 'NZ'],
    ['330', 'SE'], ['331', 'CH'], ['309', 'NL'], ['129', 'PH'], ['252', 'CD'], ['213', 'CG'],
  ];
  for (const [customs, iso] of pairs) {
    assert.equal(countryFromCustomsCode(customs), iso, customs);
    assert.equal(customsCodeOfCountry(iso), customs, iso);
  }
  for (const c of allCountries()) {
    if (c.customsCode) assert.equal(countryFromCustomsCode(c.customsCode), c.alpha2);
  }
});

test('reads superseded and island-group customs codes but never emits them', () => {
  assert.equal(countryFromCustomsCode('341'), 'KZ');
  assert.equal(customsCodeOfCountry('KZ'), '145');
  assert.equal(countryFromCustomsCode('409'), 'BQ');
  assert.equal(countryFromCustomsCode('436'), 'BQ');
  assert.equal(customsCodeOfCountry('BQ'), undefined, 'Bonaire and Saba have two customs codes: no single one to emit');
  assert.equal(countryFromCustomsCode('612'), 'PF');
  assert.equal(customsCodeOfCountry('PF'), '623');
});

test('leaves unconfirmed and ambiguous customs codes unmapped', () => {
  for (const code of ['260', '438', '449', '207', '199', '999']) assert.equal(countryFromCustomsCode(code), undefined, code);
  assert.equal(customsCodeOfCountry('SS'), undefined);
  assert.equal(customsCodeOfCountry('AQ'), undefined);
});

test('customsCountryCodeProblem guides the XML importer', () => {
  assert.equal(customsCountryCodeProblem('116'), undefined);
  assert.equal(customsCountryCodeProblem('199'), 'customs country code 199 (亚洲其他国家(地区), other Asian countries) names no single country; give the actual country');
  assert.equal(customsCountryCodeProblem('260'), '260 is not a China customs country code in our table (国别(地区)代码, e.g. 116 for JP, 502 for US)');
  assert.equal(customsCountryCodeProblem('JP'), "'JP' is an ISO 3166-1 code; the customs messages carry the customs code 116");
  assert.equal(customsCountryCodeProblem('1160'), "must be a 3-digit China customs country code (国别(地区)代码, e.g. 116 for JP), got '1160'");
});
