import { createLogger, stopOnSignals } from '@sw/kernel';
import { readGatewayConfig } from './config';
import { startGateway } from './server';

/** Runs the gateway as its own process until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const logger = createLogger('gateway');
  const gateway = await startGateway(readGatewayConfig(), logger);
  logger.info({ url: gateway.url, subgraphs: gateway.subgraphs.map((s) => s.name) }, 'gateway ready');
  stopOnSignals(logger, () => gateway.stop());
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
