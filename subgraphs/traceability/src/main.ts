import { createLogger, stopOnSignals } from '@sw/kernel';
import { startTraceability } from './app';
import { readTraceabilityConfig } from './config';

/** Runs the traceability subgraph as its own process until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const logger = createLogger('traceability');
  const traceability = await startTraceability(readTraceabilityConfig(), logger);
  logger.info({ url: traceability.url }, 'traceability subgraph ready');
  stopOnSignals(logger, () => traceability.stop());
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
