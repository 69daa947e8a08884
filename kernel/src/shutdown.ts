import type { Logger } from './logger';

/**
 * Stops the service once on SIGINT or SIGTERM. Ctrl-C reaches every process of the group
 * and the launcher then sends SIGTERM too, so a second signal must not stop twice. A stop
 * that hangs (its database already gone, say) is cut off after `deadlineMs`.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>, deadlineMs = 10_000): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    setTimeout(() => {
      logger.warn({ deadlineMs }, 'stopping took too long; exiting anyway');
      process.exit(1);
    }, deadlineMs);
    stop().then(() => process.exit(0), (error) => {
      logger.error({ err: error }, 'stopping failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
