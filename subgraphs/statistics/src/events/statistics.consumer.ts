import { BusConsumer, type BusEvent, type EventType, type Logger, type Sql } from '@sw/kernel';
import { recordStatusTime } from '../composite/clearance-times';
import { countCleared } from '../trade/trade.facts';
import { projectGrade, projectRisk } from './credit.projection';
import { projectFiling } from './registry.projection';
import type { Tx } from './tx';

type Handler = (event: BusEvent, tx: Tx, logger: Logger) => Promise<void>;

export const CONSUMER_NAME = 'statistics';

/**
 * What statistics does with each event it consumes; it reads nothing else. Warehouse and
 * training-base events (logistics, later) become entries here that measure the targets now
 * entered by regulators.
 */
export const HANDLERS: Partial<Record<EventType, Handler>> = {
  'registry.enterprise.filed': projectFiling,
  'registry.enterprise.amended': projectFiling,
  'registry.enterprise.revoked': projectFiling,
  'credit.profile.grade-changed': projectGrade,
  'credit.risk.class-changed': projectRisk,
  'clearance.declaration.status-changed': recordStatusTime,
  'clearance.declaration.cleared': countCleared,
};

export const CONSUMED_EVENT_TYPES = Object.keys(HANDLERS) as EventType[];

/**
 * Feeds every statistics table from the bus. Each event is applied in the consumer's transaction
 * together with its offset; processed event ids make a redelivery a no-op, and every handler is
 * idempotent on its own too (seq guards, least(), differences).
 */
export function statisticsConsumer(sql: Sql, logger: Logger, pollMs?: number): BusConsumer {
  return new BusConsumer(sql, {
    name: CONSUMER_NAME,
    schema: 'statistics',
    types: CONSUMED_EVENT_TYPES,
    logger,
    pollMs,
    handle: async (event, tx) => {
      await HANDLERS[event.type]?.(event, tx, logger);
    },
  });
}
