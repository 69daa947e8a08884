import { runService } from '@sw/kernel';
import { startAgencies } from './app';
import { readAgenciesConfig } from './config';

/** Runs the agencies subgraph as its own process until SIGINT/SIGTERM. */
runService('agencies', (logger) => startAgencies(readAgenciesConfig(), logger),
  (agencies) => ({ url: agencies.url, customsCallback: agencies.services.customs.callbackUrl }));
