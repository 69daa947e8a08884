import { createLogger, type Logger } from './logger';
import { stopOnSignals } from './shutdown';

/**
 * Runs a subgraph as its own process until SIGINT/SIGTERM: starts it with a logger named `name`,
 * logs `ready` (its URL by default) once ready and stops it on a signal. A failure to start exits with status 1.
 */
export function runService<S extends { url: string; stop(): Promise<void> }>(
  name: string, start: (logger: Logger) => Promise<S>, ready: (service: S) => Record<string, unknown> = (service) => ({ url: service.url }),
): void {
  const logger = createLogger(name);
  start(logger).then((service) => {
    logger.info(ready(service), `${name} subgraph ready`);
    stopOnSignals(logger, () => service.stop());
  }).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
