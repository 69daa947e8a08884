import { BusConsumer, usccProblem, type BusEvent, type EventType, type Logger, type Sql } from '@sw/kernel';
import type { Tx } from '../audit/audit.service';

export const REGISTRY_EVENT_TYPES: readonly EventType[] = ['registry.enterprise.filed', 'registry.enterprise.amended', 'registry.enterprise.revoked'];
const FILING_STATUSES = ['ACTIVE', 'AMENDED', 'REVOKED'];

/**
 * Keeps access.enterprises, access's projection of registry filings: a grant is given only between
 * filed enterprises. An event the row already reflects (by seq) changes nothing.
 */
export async function projectFiling(event: BusEvent, tx: Tx, logger?: Logger): Promise<void> {
  const uscc = String(event.data.uscc ?? event.subject);
  if (usccProblem(uscc)) {
    logger?.warn({ type: event.type, eventId: event.id }, 'filing event without a valid uscc; ignored');
    return;
  }
  const revoked = event.type === 'registry.enterprise.revoked';
  const status = revoked ? 'REVOKED' : FILING_STATUSES.includes(String(event.data.filingStatus)) ? String(event.data.filingStatus) : 'ACTIVE';
  const roles = Array.isArray(event.data.roles) ? event.data.roles.filter((role): role is string => typeof role === 'string') : null;
  await tx`
    insert into access.enterprises (uscc, roles, filing_status, last_event_seq, updated_at)
    values (${uscc}, coalesce(${roles}::text[], '{}'), ${status}, ${event.seq.toString()}, ${event.occurredAt})
    on conflict (uscc) do update set
      -- a revocation carries no roles: the filed ones stay
      roles = case when ${roles}::text[] is null then enterprises.roles else excluded.roles end,
      filing_status = excluded.filing_status, last_event_seq = excluded.last_event_seq, updated_at = excluded.updated_at
    where enterprises.last_event_seq < excluded.last_event_seq`;
}

/** Feeds access.enterprises from the registry's filing events while the service runs. */
export function registryConsumer(sql: Sql, logger: Logger, pollMs?: number): BusConsumer {
  return new BusConsumer(sql, {
    name: 'registry-filings',
    schema: 'access',
    types: REGISTRY_EVENT_TYPES,
    logger,
    pollMs,
    handle: (event, tx) => projectFiling(event, tx, logger),
  });
}
