import { createLogger, stopOnSignals } from '@sw/kernel';
import { startAccess } from './app';
import { readAccessConfig } from './config';

/** Runs the access subgraph as its own process until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const logger = createLogger('access');
  const access = await startAccess(readAccessConfig(), logger);
  logger.info({ url: access.url }, 'access subgraph ready');
  stopOnSignals(logger, () => access.stop());
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
