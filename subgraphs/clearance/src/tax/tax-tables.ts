import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TaxTableError } from './errors';
import { Rational } from './money';

// The shipped tables live in subgraphs/clearance/data; this file runs from src/tax (tests,
// ts-node) or dist/tax (build), both two levels below the package root.
export const DATA_DIR = path.join(__dirname, '..', '..', 'data');
export const DEFAULT_TAX_RATES_PATH = path.join(DATA_DIR, 'tax-rates.json');
export const DEFAULT_EXCHANGE_RATES_PATH = path.join(DATA_DIR, 'exchange-rates.json');

/** One row of the rate table; a field left out is inherited from a shorter key, then the defaults. */
export interface RateEntry {
  key: string;
  description?: string;
  tariff?: Rational;
  vat?: Rational;
  consumptionTax?: Rational;
  /** A condition the engine cannot check from the declaration (e.g. price per ml); see ImportTaxItemInput.consumptionTaxApplies. */
  consumptionTaxCondition?: string;
  /** Consumption tax applies only when the dutiable value per piece reaches this amount (高档手表: 10,000 CNY). */
  consumptionTaxMinUnitValueCny?: Rational;
  /** Goods the engine refuses to assess, with the reason (specific-rate excise, rate finer than the HS line). `false` lifts a shorter key's refusal. */
  unsupported?: string | false;
}

export interface TaxRateTable {
  source: string;
  asOf: string;
  defaults: { tariff: Rational; vat: Rational; consumptionTax: Rational };
  entries: ReadonlyMap<string, RateEntry>;
}

export interface ExchangeRate {
  currency: string;
  /** CNY for `unit` units of the currency, as published ("4.6500" for 100 JPY). */
  cny: Rational;
  unit: bigint;
  /** CNY for one unit. */
  perUnit: Rational;
}

export interface ExchangeRateTable {
  source: string;
  /** The customs month the rates apply to, "YYYY-MM". */
  asOf: string;
  rates: ReadonlyMap<string, ExchangeRate>;
}

export interface TaxTables {
  taxRates: TaxRateTable;
  exchangeRates: ExchangeRateTable;
}

/** The rates that apply to one 10-digit line and where each one came from. */
export interface ResolvedRates {
  gcode: string;
  /** True when the 10-digit line itself is in the table. */
  exactLine: boolean;
  tariff: Rational;
  vat: Rational;
  consumptionTax: Rational;
  consumptionTaxCondition?: string;
  consumptionTaxMinUnitValueCny?: Rational;
  /** The table key each rate was taken from, or "default". */
  from: { tariff: string; vat: string; consumptionTax: string };
  unsupported?: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const TABLE_KEY = /^(\d{2}|\d{4}|\d{6}|\d{8}|\d{10})$/;
const CURRENCY = /^[A-Z]{3}$/;
const TAX_RATES_FIELDS = new Set(['$comment', 'notice', 'version', 'asOf', 'sources', 'defaults', 'outOfScope', 'rates']);
const ENTRY_FIELDS = new Set([
  'description', 'tariff', 'vat', 'consumptionTax', 'consumptionTaxCondition', 'consumptionTaxMinUnitValueCny',
  'unsupported', 'source', 'note',
]);
const EXCHANGE_FIELDS = new Set(['$comment', 'notice', 'source', 'asOf', 'rates']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  return `${JSON.stringify(value)} (${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value})`;
}

/** A rate as a decimal string within [0, max) or [0, max]; rates are strings so that no float is ever parsed. */
function rate(problems: string[], where: string, value: unknown, max: Rational, maxInclusive: boolean): Rational | undefined {
  const parsed = typeof value === 'string' ? Rational.parse(value) : null;
  if (parsed === null) {
    problems.push(`${where} must be a decimal string such as "0.13", got ${shown(value)}`);
    return undefined;
  }
  const tooBig = maxInclusive ? parsed.cmp(max) > 0 : parsed.cmp(max) >= 0;
  if (parsed.isNegative() || tooBig) {
    problems.push(`${where} must be between 0 and ${max.toDecimalString()}${maxInclusive ? '' : ' (exclusive)'}, got "${value}"`);
    return undefined;
  }
  return parsed;
}

const ONE = Rational.ONE;
const TEN = Rational.of(10n);

/** Validates a parsed tax-rates.json; throws TaxTableError listing every problem. */
export function parseTaxRates(json: unknown, source = 'tax-rates'): TaxRateTable {
  const problems: string[] = [];
  if (!isObject(json)) throw new TaxTableError(source, [`the file must hold a JSON object, got ${shown(json)}`]);
  for (const field of Object.keys(json)) {
    if (!TAX_RATES_FIELDS.has(field)) problems.push(`unknown top-level field "${field}"; expected ${[...TAX_RATES_FIELDS].join(', ')}`);
  }
  const asOf = json.asOf;
  if (typeof asOf !== 'string' || !MONTH.test(asOf)) problems.push(`asOf must be a month "YYYY-MM", got ${shown(asOf)}`);

  const defaults = json.defaults;
  let parsedDefaults: TaxRateTable['defaults'] | undefined;
  if (!isObject(defaults)) {
    problems.push(`defaults must be an object { "tariff": "0.10", "vat": "0.13", "consumptionTax": "0" }, got ${shown(defaults)}`);
  } else {
    const tariff = rate(problems, 'defaults.tariff', defaults.tariff, TEN, true);
    const vat = rate(problems, 'defaults.vat', defaults.vat, ONE, false);
    const consumptionTax = rate(problems, 'defaults.consumptionTax', defaults.consumptionTax, ONE, false);
    if (tariff && vat && consumptionTax) parsedDefaults = { tariff, vat, consumptionTax };
  }

  const entries = new Map<string, RateEntry>();
  const rates = json.rates;
  if (!isObject(rates)) {
    problems.push(`rates must be an object keyed by HS chapter/heading/subheading/line ("33", "3304", "330499", "33049900", "3304990099"), got ${shown(rates)}`);
  } else {
    for (const [key, raw] of Object.entries(rates)) {
      const where = `rates["${key}"]`;
      if (!TABLE_KEY.test(key)) {
        problems.push(`${where}: a key must be 2, 4, 6, 8 or 10 digits (chapter, heading, subheading, tariff line, national line)`);
        continue;
      }
      if (!isObject(raw)) {
        problems.push(`${where} must be an object, got ${shown(raw)}`);
        continue;
      }
      for (const field of Object.keys(raw)) {
        if (!ENTRY_FIELDS.has(field)) problems.push(`${where}: unknown field "${field}"; expected ${[...ENTRY_FIELDS].join(', ')}`);
      }
      const entry: RateEntry = { key };
      if (typeof raw.description === 'string') entry.description = raw.description;
      if ('tariff' in raw) entry.tariff = rate(problems, `${where}.tariff`, raw.tariff, TEN, true);
      if ('vat' in raw) entry.vat = rate(problems, `${where}.vat`, raw.vat, ONE, false);
      if ('consumptionTax' in raw) entry.consumptionTax = rate(problems, `${where}.consumptionTax`, raw.consumptionTax, ONE, false);
      if ('consumptionTaxCondition' in raw) {
        if (typeof raw.consumptionTaxCondition !== 'string' || raw.consumptionTaxCondition.trim() === '') {
          problems.push(`${where}.consumptionTaxCondition must be a non-empty text, got ${shown(raw.consumptionTaxCondition)}`);
        } else entry.consumptionTaxCondition = raw.consumptionTaxCondition;
      }
      if ('consumptionTaxMinUnitValueCny' in raw) {
        const value = raw.consumptionTaxMinUnitValueCny;
        const parsed = typeof value === 'string' ? Rational.parse(value) : null;
        if (parsed === null || parsed.isNegative()) {
          problems.push(`${where}.consumptionTaxMinUnitValueCny must be a CNY amount string such as "10000", got ${shown(value)}`);
        } else entry.consumptionTaxMinUnitValueCny = parsed;
      }
      if ((entry.consumptionTaxCondition || entry.consumptionTaxMinUnitValueCny) && !('consumptionTax' in raw)) {
        problems.push(`${where}: a consumption-tax condition needs the consumptionTax rate it qualifies in the same entry`);
      }
      if ('unsupported' in raw) {
        if (raw.unsupported === false) entry.unsupported = false;
        else if (typeof raw.unsupported === 'string' && raw.unsupported.trim() !== '') entry.unsupported = raw.unsupported;
        else problems.push(`${where}.unsupported must be a reason (text) or false, got ${shown(raw.unsupported)}`);
      }
      entries.set(key, entry);
    }
  }
  if (problems.length > 0 || !parsedDefaults) throw new TaxTableError(source, problems);
  return { source, asOf: asOf as string, defaults: parsedDefaults, entries };
}

/** Validates a parsed exchange-rates.json; throws TaxTableError listing every problem. */
export function parseExchangeRates(json: unknown, source = 'exchange-rates'): ExchangeRateTable {
  const problems: string[] = [];
  if (!isObject(json)) throw new TaxTableError(source, [`the file must hold a JSON object, got ${shown(json)}`]);
  for (const field of Object.keys(json)) {
    if (!EXCHANGE_FIELDS.has(field)) problems.push(`unknown top-level field "${field}"; expected ${[...EXCHANGE_FIELDS].join(', ')}`);
  }
  const asOf = json.asOf;
  if (typeof asOf !== 'string' || !MONTH.test(asOf)) problems.push(`asOf must be the customs month "YYYY-MM", got ${shown(asOf)}`);
  const rates = new Map<string, ExchangeRate>();
  rates.set('CNY', { currency: 'CNY', cny: ONE, unit: 1n, perUnit: ONE });
  if (!isObject(json.rates)) {
    problems.push(`rates must be an object such as { "USD": "7.1000", "JPY": { "cny": "4.6500", "unit": 100 } }, got ${shown(json.rates)}`);
  } else {
    for (const [currency, raw] of Object.entries(json.rates)) {
      const where = `rates.${currency}`;
      if (!CURRENCY.test(currency)) {
        problems.push(`${where}: a currency must be an ISO 4217 code of 3 capital letters`);
        continue;
      }
      const cnyText = typeof raw === 'string' ? raw : isObject(raw) ? raw.cny : undefined;
      const unitValue = isObject(raw) && 'unit' in raw ? raw.unit : 1;
      if (isObject(raw)) {
        for (const field of Object.keys(raw)) {
          if (field !== 'cny' && field !== 'unit') problems.push(`${where}: unknown field "${field}"; expected cny, unit`);
        }
      }
      const cny = typeof cnyText === 'string' ? Rational.parse(cnyText) : null;
      if (cny === null || cny.isNegative() || cny.isZero()) {
        problems.push(`${where} must be a positive decimal string (CNY per unit) or { "cny": "4.6500", "unit": 100 }, got ${shown(raw)}`);
        continue;
      }
      if (typeof unitValue !== 'number' || !Number.isSafeInteger(unitValue) || unitValue < 1) {
        problems.push(`${where}.unit must be a positive whole number of currency units (1, 100, 1000), got ${shown(unitValue)}`);
        continue;
      }
      const unit = BigInt(unitValue);
      const perUnit = cny.div(Rational.of(unit));
      if (currency === 'CNY' && perUnit.cmp(ONE) !== 0) {
        problems.push(`${where}: CNY converts to itself at 1, got ${cnyText} per ${unit}`);
        continue;
      }
      rates.set(currency, { currency, cny, unit, perUnit });
    }
  }
  if (problems.length > 0) throw new TaxTableError(source, problems);
  return { source, asOf: asOf as string, rates };
}

function readJson(file: string, envName: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TaxTableError(file, [`cannot read the file (${reason}); set ${envName} to a readable file or unset it to use the shipped table`]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new TaxTableError(file, [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
}

export interface TaxTablePaths {
  taxRatesPath?: string;
  exchangeRatesPath?: string;
}

/**
 * Loads and validates both tables. Each path is, in order: the argument, the environment
 * (`TAX_RATES_PATH`, `CUSTOMS_EXCHANGE_RATES_PATH`), the file shipped in `data/`.
 * Synchronous: it runs once at start-up, and a bad table must stop the service there.
 */
export function loadTaxTables(paths: TaxTablePaths = {}, env: NodeJS.ProcessEnv = process.env): TaxTables {
  const taxRatesPath = paths.taxRatesPath ?? (env.TAX_RATES_PATH || DEFAULT_TAX_RATES_PATH);
  const exchangeRatesPath = paths.exchangeRatesPath ?? (env.CUSTOMS_EXCHANGE_RATES_PATH || DEFAULT_EXCHANGE_RATES_PATH);
  return {
    taxRates: parseTaxRates(readJson(taxRatesPath, 'TAX_RATES_PATH'), taxRatesPath),
    exchangeRates: parseExchangeRates(readJson(exchangeRatesPath, 'CUSTOMS_EXCHANGE_RATES_PATH'), exchangeRatesPath),
  };
}

/**
 * The rates of a 10-digit line. Each rate comes from the longest matching key (10, 8, 6, 4,
 * then 2 digits), then the defaults: a national line missing from the table takes the rates of
 * its subheading or heading (DESIGN, "HS code"). The consumption-tax condition travels with the
 * rate of the entry that set it.
 */
export function ratesFor(table: TaxRateTable, gcode: string): ResolvedRates {
  const chain = [10, 8, 6, 4, 2]
    .map((length) => table.entries.get(gcode.slice(0, length)))
    .filter((entry): entry is RateEntry => entry !== undefined);
  const tariffEntry = chain.find((entry) => entry.tariff !== undefined);
  const vatEntry = chain.find((entry) => entry.vat !== undefined);
  const ctEntry = chain.find((entry) => entry.consumptionTax !== undefined);
  const unsupported = chain.find((entry) => entry.unsupported !== undefined)?.unsupported;
  const resolved: ResolvedRates = {
    gcode,
    exactLine: table.entries.has(gcode),
    tariff: tariffEntry?.tariff ?? table.defaults.tariff,
    vat: vatEntry?.vat ?? table.defaults.vat,
    consumptionTax: ctEntry?.consumptionTax ?? table.defaults.consumptionTax,
    from: {
      tariff: tariffEntry?.key ?? 'default',
      vat: vatEntry?.key ?? 'default',
      consumptionTax: ctEntry?.key ?? 'default',
    },
  };
  if (ctEntry?.consumptionTaxCondition) resolved.consumptionTaxCondition = ctEntry.consumptionTaxCondition;
  if (ctEntry?.consumptionTaxMinUnitValueCny) resolved.consumptionTaxMinUnitValueCny = ctEntry.consumptionTaxMinUnitValueCny;
  if (typeof unsupported === 'string') resolved.unsupported = unsupported;
  return resolved;
}
