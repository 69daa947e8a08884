export { startLogistics, type RunningLogistics, type LogisticsConsumers } from './app';
export { readLogisticsConfig, type LogisticsConfig } from './config';
export { buildLogisticsSchema } from './schema';
