import { createLogger, stopOnSignals } from '@sw/kernel';
import { startLogistics } from './app';
import { readLogisticsConfig } from './config';

/** Runs the logistics subgraph as its own process until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const logger = createLogger('logistics');
  const logistics = await startLogistics(readLogisticsConfig(), logger);
  logger.info({ url: logistics.url }, 'logistics subgraph ready');
  stopOnSignals(logger, () => logistics.stop());
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
