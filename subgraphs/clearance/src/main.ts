import { createLogger, stopOnSignals } from '@sw/kernel';
import { startClearance } from './app';
import { readClearanceConfig } from './config';

/** Runs the clearance subgraph as its own process until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const logger = createLogger('clearance');
  const clearance = await startClearance(readClearanceConfig(), logger);
  logger.info({ url: clearance.url }, 'clearance subgraph ready');
  stopOnSignals(logger, () => clearance.stop());
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
