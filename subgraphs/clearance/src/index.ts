export { startClearance, type RunningClearance } from './app';
export { readClearanceConfig, type ClearanceConfig } from './config';
export { buildClearanceSchema } from './schema';
