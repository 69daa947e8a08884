import { createLogger, stopOnSignals } from '@sw/kernel';
import { startStatistics } from './app';
import { readStatisticsConfig } from './config';

/** Runs the statistics subgraph as its own process until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const logger = createLogger('statistics');
  const statistics = await startStatistics(readStatisticsConfig(), logger);
  logger.info({ url: statistics.url }, 'statistics subgraph ready');
  stopOnSignals(logger, () => statistics.stop());
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
