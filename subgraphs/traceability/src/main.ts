import { runService } from '@sw/kernel';
import { startTraceability } from './app';
import { readTraceabilityConfig } from './config';

/** Runs the traceability subgraph as its own process until SIGINT/SIGTERM. */
runService('traceability', (logger) => startTraceability(readTraceabilityConfig(), logger));
