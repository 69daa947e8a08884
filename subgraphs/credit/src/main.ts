import { createLogger, stopOnSignals } from '@sw/kernel';
import { startCredit } from './app';
import { readCreditConfig } from './config';

/** Runs the credit subgraph as its own process until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const logger = createLogger('credit');
  const credit = await startCredit(readCreditConfig(), logger);
  logger.info({ url: credit.url }, 'credit subgraph ready');
  stopOnSignals(logger, () => credit.stop());
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
