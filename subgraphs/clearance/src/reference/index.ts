export * from './hs-code.js';
export * from './currency.js';
export * from './country.js';
export * from './decimal.js';
export * from './quantity.js';
export * from './money.js';
export * from './units.js';
