import { createLogger } from '@sw/kernel';
import { startRegistry } from './app';
import { readRegistryConfig } from './config';

/** Runs the registry subgraph as its own process until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const logger = createLogger('registry');
  const registry = await startRegistry(readRegistryConfig(), logger);
  logger.info({ url: registry.url }, 'registry subgraph ready');
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await registry.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
