import { runService } from '@sw/kernel';
import { startRegistry } from './app';
import { readRegistryConfig } from './config';

/** Runs the registry subgraph as its own process until SIGINT/SIGTERM. */
runService('registry', (logger) => startRegistry(readRegistryConfig(), logger));
