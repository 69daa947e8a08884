import { BusConsumer, type Logger, type Sql } from '@sw/kernel';
import { applySourceEvent, CONSUMED_EVENT_TYPES } from './sources';

/**
 * Feeds credit from the bus while the service runs: registry filings (the projection), SAIC
 * publicity lists and tax ratings, clearance mismatches and rejections, traceability quality risks
 * and recalls (SOURCE_HANDLERS). Each event is applied, and the profiles it changes recomputed
 * and their changes published, in the consumer's transaction together with its offset; processed
 * event ids make a redelivery a no-op, and every handler is idempotent on its own too.
 */
export function sourcesConsumer(sql: Sql, logger: Logger, pollMs?: number): BusConsumer {
  return new BusConsumer(sql, {
    name: 'credit-sources',
    schema: 'credit',
    types: CONSUMED_EVENT_TYPES,
    logger,
    pollMs,
    handle: (event, tx) => applySourceEvent(event, tx, logger),
  });
}
