import { runService } from '@sw/kernel';
import { startCredit } from './app';
import { readCreditConfig } from './config';

/** Runs the credit subgraph as its own process until SIGINT/SIGTERM. */
runService('credit', (logger) => startCredit(readCreditConfig(), logger));
