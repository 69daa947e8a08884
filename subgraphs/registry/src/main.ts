import { createLogger, stopOnSignals } from '@sw/kernel';
import { startRegistry } from './app';
import { readRegistryConfig } from './config';

/** Runs the registry subgraph as its own process until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const logger = createLogger('registry');
  const registry = await startRegistry(readRegistryConfig(), logger);
  logger.info({ url: registry.url }, 'registry subgraph ready');
  stopOnSignals(logger, () => registry.stop());
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
