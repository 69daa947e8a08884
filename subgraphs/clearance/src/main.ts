import { runService } from '@sw/kernel';
import { startClearance } from './app';
import { readClearanceConfig } from './config';

/** Runs the clearance subgraph as its own process until SIGINT/SIGTERM. */
runService('clearance', (logger) => startClearance(readClearanceConfig(), logger));
