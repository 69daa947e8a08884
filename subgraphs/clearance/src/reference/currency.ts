import { readDataJson } from './data-file.js';

// GraphQL inputs carry ISO 4217 alphabetic codes (API.md, Clearance); the CEB XML carries China customs currency
// codes (币制代码, 3 digits: 142 = CNY) and the XML importer maps them with the functions below. The tables and
// their sources are in data/currencies.json.

/** An active ISO 4217 currency (List One), with its China customs code when the customs table has one. */
export interface Currency {
  /** ISO 4217 alphabetic code, e.g. CNY. */
  code: string;
  /** ISO 4217 numeric code, 3 digits, e.g. 156. */
  numeric: string;
  /** Digits after the decimal point of the minor unit; null where ISO 4217 says N.A. (precious metals, XXX…). */
  minorUnits: number | null;
  /** The ISO 4217 English name. */
  name: string;
  /** A fund code (BOV, CLF, …) rather than a currency. */
  fund?: boolean;
  /** China customs currency code used in the CEB messages, e.g. 142. */
  customsCode?: string;
  /** The customs table's Chinese name, e.g. 人民币. */
  customsName?: string;
}

/** A code withdrawn from ISO 4217 that integrators may still send, and what replaced it. */
export interface WithdrawnCurrency {
  code: string;
  replacedBy: string;
  /** Last day of use (latest region), YYYY-MM-DD. */
  until: string;
}

interface Tables {
  all: readonly Currency[];
  byCode: ReadonlyMap<string, Currency>;
  byNumeric: ReadonlyMap<string, Currency>;
  byCustomsCode: ReadonlyMap<string, Currency>;
  byCustomsName: ReadonlyMap<string, Currency>;
  withdrawn: ReadonlyMap<string, WithdrawnCurrency>;
}

let tables: Tables | undefined;

function load(): Tables {
  if (!tables) {
    const file = readDataJson<{ currencies: Currency[]; withdrawn: WithdrawnCurrency[] }>('currencies.json');
    const all = file.currencies;
    tables = {
      all,
      byCode: new Map(all.map((c) => [c.code, c])),
      byNumeric: new Map(all.map((c) => [c.numeric, c])),
      byCustomsCode: new Map(all.filter((c) => c.customsCode).map((c) => [c.customsCode!, c])),
      byCustomsName: new Map(all.filter((c) => c.customsName).map((c) => [c.customsName!, c])),
      withdrawn: new Map(file.withdrawn.map((w) => [w.code, w])),
    };
  }
  return tables;
}

const FORM = 'an ISO 4217 alphabetic code: 3 upper-case letters, e.g. CNY';

// ISO 4217 reserves these for purposes other than pricing goods.
const RESERVED: Record<string, string> = {
  XXX: 'XXX is reserved by ISO 4217 for transactions without a currency; give the currency of the amounts, e.g. CNY',
  XTS: 'XTS is reserved by ISO 4217 for testing; give the currency of the amounts, e.g. CNY',
};

/** Returns why `code` is not an active ISO 4217 alphabetic currency code, or undefined when it is valid. */
export function currencyProblem(code: string): string | undefined {
  const t = load();
  if (/^[A-Z]{3}$/.test(code)) {
    if (RESERVED[code]) return RESERVED[code];
    if (t.byCode.has(code)) return undefined;
    const withdrawn = t.withdrawn.get(code);
    if (withdrawn) {
      return `${code} is no longer an ISO 4217 currency (in use until ${withdrawn.until}); use ${withdrawn.replacedBy}`;
    }
    if (code === 'RMB') return 'RMB is not an ISO 4217 code; the renminbi is CNY';
    return `${code} is not an active ISO 4217 currency code (${FORM})`;
  }
  if (/^[A-Za-z]{3}$/.test(code)) {
    return `'${code}' is lower case; upper case is required (${FORM})`;
  }
  if (/^\d{3}$/.test(code)) {
    const customs = t.byCustomsCode.get(code);
    const numeric = t.byNumeric.get(code);
    const iso = numeric && !RESERVED[numeric.code] ? numeric : undefined;
    if (customs && iso) {
      return `'${code}' is a numeric code (China customs ${code} = ${customs.code}, ISO 4217 numeric ${code} = ${iso.code}); give ${FORM}`;
    }
    if (customs) return `'${code}' is a China customs currency code; give the ISO 4217 alphabetic code ${customs.code}`;
    if (iso) return `'${code}' is an ISO 4217 numeric code; give the alphabetic code ${iso.code}`;
  }
  const named = t.byCustomsName.get(code.trim());
  if (named) return `'${code}' is a currency name; give the ISO 4217 alphabetic code ${named.code}`;
  return `must be ${FORM}, got '${code}'`;
}

/** The active ISO 4217 currency with this alphabetic code, or undefined. */
export function currencyInfo(code: string): Currency | undefined {
  return load().byCode.get(code);
}

/** Every active ISO 4217 currency and fund code, sorted by code. */
export function activeCurrencies(): readonly Currency[] {
  return load().all;
}

/** The ISO 4217 code for a China customs currency code from the CEB XML (142 → CNY), or undefined when not in our table. */
export function currencyFromCustomsCode(customsCode: string): string | undefined {
  return load().byCustomsCode.get(customsCode)?.code;
}

/** The China customs currency code for an ISO 4217 code (CNY → 142), or undefined when the customs table has none. */
export function customsCodeOfCurrency(iso: string): string | undefined {
  return load().byCode.get(iso)?.customsCode;
}

/** Returns why `code` is not a China customs currency code that we can map to ISO 4217, or undefined when it is. */
export function customsCurrencyCodeProblem(code: string): string | undefined {
  const t = load();
  if (t.byCustomsCode.has(code)) return undefined;
  if (/^\d{3}$/.test(code)) {
    const known = [...t.byCustomsCode.values()]
      .sort((a, b) => a.customsCode!.localeCompare(b.customsCode!))
      .map((c) => `${c.customsCode} ${c.code}`)
      .join(', ');
    return `${code} is not a China customs currency code in our table (known: ${known})`;
  }
  const iso = t.byCode.get(code);
  if (iso?.customsCode) return `'${code}' is an ISO 4217 code; the customs messages carry the customs code ${iso.customsCode}`;
  return `must be a 3-digit China customs currency code (币制代码, e.g. 142 for CNY), got '${code}'`;
}
