export { startStatistics, type RunningStatistics, type StatisticsOptions } from './app';
export { readStatisticsConfig, type StatisticsConfig } from './config';
export { buildStatisticsSchema } from './schema';
