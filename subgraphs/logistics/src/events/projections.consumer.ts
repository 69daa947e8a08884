import { BusConsumer, type Logger, type Sql } from '@sw/kernel';
import { projectDeclarationParties } from './clearance.projection';
import { projectRegistryEvent } from './registry.projection';

/**
 * Feeds logistics' projections from the bus while the service runs: registry filings
 * (registry.projection.ts) and the parties of clearance's declarations (clearance.projection.ts).
 * One consumer for both keeps the service to one reader of the log; each event is applied in the
 * consumer's transaction together with its offset, and every handler is idempotent by seq.
 */
export function projectionsConsumer(sql: Sql, logger: Logger, pollMs?: number): BusConsumer {
  return new BusConsumer(sql, {
    name: 'projections',
    schema: 'logistics',
    types: ['registry.enterprise.filed', 'registry.enterprise.amended', 'registry.enterprise.revoked', 'clearance.declaration.status-changed'],
    logger,
    pollMs,
    handle: (event, tx) => (event.type === 'clearance.declaration.status-changed'
      ? projectDeclarationParties(event, tx, logger)
      : projectRegistryEvent(event, tx)),
  });
}
