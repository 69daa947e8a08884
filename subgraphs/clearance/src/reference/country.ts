import { readDataJson } from './data-file.js';

// GraphQL inputs carry ISO 3166-1 alpha-2 codes (API.md, Clearance); the CEB XML carries China customs
// country/region codes (国别(地区)代码, 3 digits: 116 = JP, 502 = US, 304 = DE) and the XML importer maps them with
// the functions below. The tables and their sources are in data/countries.json.

/** An ISO 3166-1 country, with its China customs code when the customs table names exactly this country. */
export interface Country {
  alpha2: string;
  alpha3: string;
  /** ISO 3166-1 numeric code, 3 digits. */
  numeric: string;
  en: string;
  zh: string;
  /** China customs country/region code emitted for this country in the CEB messages. */
  customsCode?: string;
  /** Further customs codes read as this country (superseded codes, island groups); never emitted. */
  customsAliases?: string[];
}

interface Tables {
  all: readonly Country[];
  byAlpha2: ReadonlyMap<string, Country>;
  byAlpha3: ReadonlyMap<string, Country>;
  byNumeric: ReadonlyMap<string, Country>;
  byCustomsCode: ReadonlyMap<string, Country>;
  byName: ReadonlyMap<string, Country>;
}

let tables: Tables | undefined;

function load(): Tables {
  if (!tables) {
    const all = readDataJson<{ countries: Country[] }>('countries.json').countries;
    const byCustomsCode = new Map<string, Country>();
    const byName = new Map<string, Country>();
    for (const c of all) {
      for (const code of [c.customsCode, ...(c.customsAliases ?? [])]) if (code) byCustomsCode.set(code, c);
      byName.set(c.zh, c);
      byName.set(c.en.toLowerCase(), c);
    }
    tables = {
      all,
      byAlpha2: new Map(all.map((c) => [c.alpha2, c])),
      byAlpha3: new Map(all.map((c) => [c.alpha3, c])),
      byNumeric: new Map(all.map((c) => [c.numeric, c])),
      byCustomsCode,
      byName,
    };
  }
  return tables;
}

const FORM = 'an ISO 3166-1 alpha-2 code: 2 upper-case letters, e.g. JP';

// Codes integrators send that ISO 3166-1 reserves for other uses.
const NOT_COUNTRIES: Record<string, string> = {
  UK: 'UK is not an ISO 3166-1 alpha-2 code; the United Kingdom is GB',
  EL: 'EL is not an ISO 3166-1 alpha-2 code; Greece is GR',
  EU: 'EU is not a country; give the member country of origin, e.g. DE',
};

// Customs codes that name no single country (国别(地区)代码表): refused by the XML importer with this reason.
const CUSTOMS_GROUPS: Record<string, string> = {
  '199': '亚洲其他国家(地区), other Asian countries',
  '299': '非洲其他国家(地区), other African countries',
  '399': '欧洲其他国家(地区), other European countries',
  '499': '拉丁美洲其他国家(地区), other Latin American countries',
  '599': '北美洲其他国家(地区), other North American countries',
  '699': '大洋洲其他国家(地区), other Oceanian countries',
  '701': '国(地)别不详, country unknown',
  '702': '联合国及机构和国际组织, UN and international organisations',
  '999': '中性包装原产国别, neutral packaging',
};

/** Returns why `alpha2` is not an ISO 3166-1 alpha-2 country code, or undefined when it is valid. */
export function countryProblem(alpha2: string): string | undefined {
  const t = load();
  if (/^[A-Z]{2}$/.test(alpha2)) {
    if (t.byAlpha2.has(alpha2)) return undefined;
    return NOT_COUNTRIES[alpha2] ?? `${alpha2} is not an ISO 3166-1 alpha-2 country code (${FORM})`;
  }
  if (/^[A-Za-z]{2}$/.test(alpha2)) {
    return `'${alpha2}' is lower case; upper case is required (${FORM})`;
  }
  if (/^[A-Za-z]{3}$/.test(alpha2)) {
    const c = t.byAlpha3.get(alpha2.toUpperCase());
    if (c) return `'${alpha2}' is an ISO 3166-1 alpha-3 code; give the alpha-2 code ${c.alpha2}`;
  }
  if (/^\d{3}$/.test(alpha2)) {
    const customs = t.byCustomsCode.get(alpha2);
    const iso = t.byNumeric.get(alpha2);
    if (customs && iso && customs !== iso) {
      return `'${alpha2}' is a numeric code (China customs ${alpha2} = ${customs.alpha2}, ISO 3166-1 numeric ${alpha2} = ${iso.alpha2}); give ${FORM}`;
    }
    if (customs) return `'${alpha2}' is a China customs country code; give the ISO 3166-1 alpha-2 code ${customs.alpha2}`;
    if (iso) return `'${alpha2}' is an ISO 3166-1 numeric code; give the alpha-2 code ${iso.alpha2}`;
  }
  const named = t.byName.get(alpha2.trim()) ?? t.byName.get(alpha2.trim().toLowerCase());
  if (named) return `'${alpha2}' is a country name; give the ISO 3166-1 alpha-2 code ${named.alpha2}`;
  return `must be ${FORM}, got '${alpha2}'`;
}

/** The ISO 3166-1 country with this alpha-2 code, or undefined. */
export function countryInfo(alpha2: string): Country | undefined {
  return load().byAlpha2.get(alpha2);
}

/** Every ISO 3166-1 country, sorted by alpha-2 code. */
export function allCountries(): readonly Country[] {
  return load().all;
}

/** The ISO 3166-1 alpha-2 code for a China customs country code from the CEB XML (116 → JP), or undefined. */
export function countryFromCustomsCode(customsCode: string): string | undefined {
  return load().byCustomsCode.get(customsCode)?.alpha2;
}

/** The China customs country code for an ISO 3166-1 alpha-2 code (JP → 116), or undefined when there is none. */
export function customsCodeOfCountry(alpha2: string): string | undefined {
  return load().byAlpha2.get(alpha2)?.customsCode;
}

/** Returns why `code` is not a China customs country code that we can map to ISO 3166-1, or undefined when it is. */
export function customsCountryCodeProblem(code: string): string | undefined {
  const t = load();
  if (t.byCustomsCode.has(code)) return undefined;
  if (/^\d{3}$/.test(code)) {
    const group = CUSTOMS_GROUPS[code];
    if (group) return `customs country code ${code} (${group}) names no single country; give the actual country`;
    return `${code} is not a China customs country code in our table (国别(地区)代码, e.g. 116 for JP, 502 for US)`;
  }
  const iso = t.byAlpha2.get(code);
  if (iso?.customsCode) return `'${code}' is an ISO 3166-1 code; the customs messages carry the customs code ${iso.customsCode}`;
  return `must be a 3-digit China customs country code (国别(地区)代码, e.g. 116 for JP), got '${code}'`;
}
