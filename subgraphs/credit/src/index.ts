export { startCredit, type RunningCredit } from './app';
export { readCreditConfig, type CreditConfig } from './config';
export { buildCreditSchema } from './schema';
