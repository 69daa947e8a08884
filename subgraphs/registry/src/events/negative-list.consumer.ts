import { BusConsumer, usccProblem, type BusEvent, type ConsumerOptions, type EventType, type Logger, type Sql } from '@sw/kernel';

/** The consumer's transaction (postgres.js), as BusConsumer hands it to its handler. */
type Tx = Parameters<ConsumerOptions['handle']>[1];

/** Credit's negative-list events, which the registry projects to refuse a listed subject's filings. */
export const NEGATIVE_LIST_EVENT_TYPES: readonly EventType[] = ['credit.negative-list.listed', 'credit.negative-list.delisted'];

/**
 * Keeps `registry.negative_list` from credit's events (issue 5: a listed subject's new filings are
 * refused by the registry through the events it consumes, never by calling credit). Each row keeps
 * the seq of the event it reflects, so a redelivered or replayed older event never moves it back;
 * processed event ids make a redelivery a no-op besides.
 */
export function negativeListConsumer(sql: Sql, logger: Logger, pollMs?: number): BusConsumer {
  return new BusConsumer(sql, {
    name: 'credit-negative-list',
    schema: 'registry',
    types: NEGATIVE_LIST_EVENT_TYPES,
    logger,
    pollMs,
    handle: (event, tx) => projectNegativeList(event, tx, logger),
  });
}

export async function projectNegativeList(event: BusEvent, tx: Tx, logger: Logger): Promise<void> {
  if (!NEGATIVE_LIST_EVENT_TYPES.includes(event.type)) return;
  const uscc = String(event.data.uscc ?? event.subject);
  if (usccProblem(uscc)) {
    logger.warn({ type: event.type, eventId: event.id }, 'negative-list event without a valid uscc; ignored');
    return;
  }
  const listed = event.type === 'credit.negative-list.listed';
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
  const listedOn = listed && typeof event.data.listedOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(event.data.listedOn) ? event.data.listedOn : null;
  await tx`
    insert into registry.negative_list (uscc, listed, entry_id, reason, authority, listed_on, last_event_seq, updated_at)
    values (${uscc}, ${listed}, ${String(event.data.entryId ?? '')}, ${listed ? text(event.data.reason) : null},
            ${listed ? text(event.data.authority) : null}, ${listedOn}, ${event.seq.toString()}, ${event.occurredAt})
    on conflict (uscc) do update set
      listed = excluded.listed, entry_id = excluded.entry_id, reason = excluded.reason, authority = excluded.authority,
      listed_on = excluded.listed_on, last_event_seq = excluded.last_event_seq, updated_at = excluded.updated_at
    where registry.negative_list.last_event_seq < excluded.last_event_seq`;
}
