import { runService } from '@sw/kernel';
import { startLogistics } from './app';
import { readLogisticsConfig } from './config';

/** Runs the logistics subgraph as its own process until SIGINT/SIGTERM. */
runService('logistics', (logger) => startLogistics(readLogisticsConfig(), logger));
