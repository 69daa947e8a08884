// Builders for the tax tests: valid by default, a test changes only what it is about.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ImportTaxInput, ImportTaxItemInput } from './import-tax';
import { DATA_DIR, loadTaxTables, parseExchangeRates, parseTaxRates, type TaxTables } from './tax-tables';

/**
 * The shipped data folder. From src/tax or dist/tax it is DATA_DIR; when the tests are compiled
 * elsewhere (tsc --outDir /tmp/…) it is found from the working directory (repo root or package).
 */
export function shippedDataDir(): string {
  const candidates = [DATA_DIR, path.resolve('subgraphs', 'clearance', 'data'), path.resolve('data')];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'tax-rates.json')));
  if (!found) throw new Error(`tax-rates.json not found in ${candidates.join(', ')}`);
  return found;
}

let shipped: TaxTables | undefined;

/** The tables shipped in data/, loaded once. */
export function shippedTables(): TaxTables {
  shipped ??= loadTaxTables({
    taxRatesPath: path.join(shippedDataDir(), 'tax-rates.json'),
    exchangeRatesPath: path.join(shippedDataDir(), 'exchange-rates.json'),
  });
  return shipped;
}

/** Small fixed tables for tests that must not move when the shipped rates are revised. */
export function fixedTables(rates: Record<string, Record<string, unknown>> = {}, exchange: Record<string, unknown> = {}): TaxTables {
  return {
    taxRates: parseTaxRates({
      asOf: '2026-11',
      defaults: { tariff: '0.10', vat: '0.13', consumptionTax: '0' },
      rates: {
        '3304': { consumptionTax: '0.15', tariff: '0.01', consumptionTaxCondition: 'high-end cosmetics only' },
        '4901': { vat: '0.09' },
        '9102': { consumptionTax: '0.20', consumptionTaxMinUnitValueCny: '10000' },
        '950631': { consumptionTax: '0.10' },
        '2208': { unsupported: 'spirits bear a compound tax' },
        ...rates,
      },
    }, 'fixed-tax-rates'),
    exchangeRates: parseExchangeRates({
      asOf: '2026-11',
      rates: { USD: '7.1200', EUR: '8.2500', JPY: { cny: '4.6500', unit: 100 }, ...exchange },
    }, 'fixed-exchange-rates'),
  };
}

export function item(overrides: Partial<ImportTaxItemInput> = {}): ImportTaxItemInput {
  return { gcode: '3304990099', totalPrice: '1000.00', currency: 'CNY', qty: 1, ...overrides };
}

export function taxInput(overrides: Partial<ImportTaxInput> = {}): ImportTaxInput {
  return { items: [item()], freight: '0', insuredFee: '0', currency: 'CNY', annualUsedCny: '0', ...overrides };
}

/** A small deterministic PRNG (mulberry32) so that a failing random case can be replayed by its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
