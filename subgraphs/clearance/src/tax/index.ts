// The tax and quota engine of CBEC B2C imports: pure functions over rate tables, no database.
export { computeImportTax } from './import-tax';
export type {
  AssessedImportTax, ImportTax, ImportTaxInput, ImportTaxItemInput, ImportTaxResult, ItemTax, QuotaRefusal,
} from './import-tax';
export {
  DEFAULT_EXCHANGE_RATES_PATH, DEFAULT_TAX_RATES_PATH, loadTaxTables, parseExchangeRates, parseTaxRates, ratesFor,
} from './tax-tables';
export type { ExchangeRate, ExchangeRateTable, RateEntry, ResolvedRates, TaxRateTable, TaxTablePaths, TaxTables } from './tax-tables';
export {
  ANNUAL_LIMIT_CNY, customsMonthOf, quotaYearOf, TRANSACTION_LIMIT_CNY,
} from './quota';
export type { QuotaRefusalReason, TaxRegime } from './quota';
export { addCny, subtractCny } from './money';
export { TaxInputError, TaxTableError } from './errors';
