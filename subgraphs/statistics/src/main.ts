import { runService } from '@sw/kernel';
import { startStatistics } from './app';
import { readStatisticsConfig } from './config';

/** Runs the statistics subgraph as its own process until SIGINT/SIGTERM. */
runService('statistics', (logger) => startStatistics(readStatisticsConfig(), logger));
