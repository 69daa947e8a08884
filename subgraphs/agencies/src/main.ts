import { createLogger, stopOnSignals } from '@sw/kernel';
import { startAgencies } from './app';
import { readAgenciesConfig } from './config';

/** Runs the agencies subgraph as its own process until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const logger = createLogger('agencies');
  const agencies = await startAgencies(readAgenciesConfig(), logger);
  logger.info({ url: agencies.url, customsCallback: agencies.services.customs.callbackUrl }, 'agencies subgraph ready');
  stopOnSignals(logger, () => agencies.stop());
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
