import { createLogger } from '@sw/kernel';
import { readGatewayConfig } from './config';
import { startGateway } from './server';

/** Runs the gateway as its own process until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const logger = createLogger('gateway');
  const gateway = await startGateway(readGatewayConfig(), logger);
  logger.info({ url: gateway.url, subgraphs: gateway.subgraphs.map((s) => s.name) }, 'gateway ready');
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await gateway.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
