import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/*
 * China customs currency codes (币制代码, 142 = CNY) and country/region codes (国别(地区)代码, 116 = JP,
 * 502 = US, 304 = DE) mapped to ISO 4217 and ISO 3166-1 alpha-2, which the GraphQL inputs carry (API.md).
 *
 * The tables belong to the clearance subgraph (subgraphs/clearance/data/currencies.json and countries.json,
 * with their sources). The clearance package does not export its reference module (its entry point is the
 * service), so this tool reads the same two JSON files at run time rather than copying them: a code the
 * clearance subgraph learns is one this importer maps. CEB_IMPORT_DATA_DIR (or CLEARANCE_DATA_DIR, which
 * the clearance subgraph honours too) points at another copy of that folder.
 */

interface CurrencyRow { code: string; customsCode?: string }
interface CountryRow { alpha2: string; customsCode?: string; customsAliases?: string[] }

export interface CodeTables {
  /** customs currency code → ISO 4217 alphabetic code */
  currencies: ReadonlyMap<string, string>;
  /** customs country code (and read-only aliases) → ISO 3166-1 alpha-2 */
  countries: ReadonlyMap<string, string>;
  /** ISO 4217 code → customs code, to tell a caller who sent the ISO code what to send instead */
  currencyCustomsOf: ReadonlyMap<string, string>;
  /** ISO 3166-1 alpha-2 → customs code, for the same reason */
  countryCustomsOf: ReadonlyMap<string, string>;
}

/** The folders searched for currencies.json and countries.json, in order. */
export function dataDirCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const list = [
    // tools/ceb-import/dist (or src) → repository root → subgraphs/clearance/data
    path.join(__dirname, '..', '..', '..', 'subgraphs', 'clearance', 'data'),
    path.join(process.cwd(), 'subgraphs', 'clearance', 'data'),
  ];
  for (const variable of ['CLEARANCE_DATA_DIR', 'CEB_IMPORT_DATA_DIR']) {
    const dir = env[variable];
    if (dir) list.unshift(dir);
  }
  return list;
}

function readJson<T>(file: string, dirs: string[]): T {
  const found = dirs.map((dir) => path.join(dir, file)).find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(
      `the clearance reference table ${file} was not found (looked in ${dirs.join(', ')}); ` +
        'run from the repository or set CEB_IMPORT_DATA_DIR to subgraphs/clearance/data',
    );
  }
  return JSON.parse(readFileSync(found, 'utf8')) as T;
}

let cached: CodeTables | undefined;

/** Loads (once) the clearance subgraph's customs code tables. */
export function loadCodeTables(env: NodeJS.ProcessEnv = process.env): CodeTables {
  if (cached) return cached;
  const dirs = dataDirCandidates(env);
  const currencyRows = readJson<{ currencies: CurrencyRow[] }>('currencies.json', dirs).currencies;
  const countryRows = readJson<{ countries: CountryRow[] }>('countries.json', dirs).countries;
  const currencies = new Map<string, string>();
  const currencyCustomsOf = new Map<string, string>();
  for (const row of currencyRows) {
    if (!row.customsCode) continue;
    currencies.set(row.customsCode, row.code);
    currencyCustomsOf.set(row.code, row.customsCode);
  }
  const countries = new Map<string, string>();
  const countryCustomsOf = new Map<string, string>();
  for (const row of countryRows) {
    if (row.customsCode) {
      countries.set(row.customsCode, row.alpha2);
      countryCustomsOf.set(row.alpha2, row.customsCode);
    }
    for (const alias of row.customsAliases ?? []) countries.set(alias, row.alpha2);
  }
  if (currencies.size === 0 || countries.size === 0) throw new Error('the clearance reference tables hold no customs codes');
  cached = { currencies, countries, currencyCustomsOf, countryCustomsOf };
  return cached;
}

/** The outcome of mapping one customs code: the ISO code, or why it cannot be mapped. */
export type Mapped = { ok: true; value: string } | { ok: false; reason: string };

/** Maps a customs currency code from the XML (142) to ISO 4217 (CNY). */
export function mapCurrency(code: string, tables: CodeTables = loadCodeTables()): Mapped {
  const iso = tables.currencies.get(code);
  if (iso) return { ok: true, value: iso };
  const customs = tables.currencyCustomsOf.get(code);
  if (customs) return { ok: false, reason: `'${code}' is an ISO 4217 code; the CEB XML carries the customs currency code ${customs} for it` };
  return {
    ok: false,
    reason: `'${code}' is not a customs currency code (币制代码) that maps to ISO 4217, e.g. 142 = CNY, 502 = USD, 300 = EUR`,
  };
}

/** Maps a customs country code from the XML (116) to ISO 3166-1 alpha-2 (JP). */
export function mapCountry(code: string, tables: CodeTables = loadCodeTables()): Mapped {
  const iso = tables.countries.get(code);
  if (iso) return { ok: true, value: iso };
  const customs = tables.countryCustomsOf.get(code);
  if (customs) return { ok: false, reason: `'${code}' is an ISO 3166-1 code; the CEB XML carries the customs country code ${customs} for it` };
  return {
    ok: false,
    reason: `'${code}' is not a customs country code (国别(地区)代码) that names one ISO 3166-1 country, e.g. 116 = JP, 502 = US, 304 = DE`,
  };
}
