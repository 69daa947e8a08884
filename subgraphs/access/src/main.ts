import { runService } from '@sw/kernel';
import { startAccess } from './app';
import { readAccessConfig } from './config';

/** Runs the access subgraph as its own process until SIGINT/SIGTERM. */
runService('access', (logger) => startAccess(readAccessConfig(), logger));
