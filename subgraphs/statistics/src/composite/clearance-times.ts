import type { BusEvent, Logger } from '@sw/kernel';
import type { Tx } from '../events/tx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * clearance.declaration.status-changed: the first time a declaration was declared, submitted to
 * customs and released. Earliest wins (least), so redelivery and replay order change nothing. The
 * efficiency component's clearance time is released − submitted (declared when it never showed
 * SUBMITTED), by the day of release in Asia/Shanghai.
 */
export async function recordStatusTime(event: BusEvent, tx: Tx, logger: Logger): Promise<void> {
  const id = event.data.declarationId;
  const at = typeof event.data.at === 'string' ? new Date(event.data.at) : undefined;
  if (typeof id !== 'string' || !UUID.test(id) || !at || Number.isNaN(at.getTime())) {
    logger.warn({ type: event.type, eventId: event.id }, 'status change without a declarationId or time; ignored');
    return;
  }
  switch (event.data.to) {
    case 'DECLARED':
      await tx`
        insert into statistics.clearance_times (declaration_id, declared_at) values (${id}, ${at})
        on conflict (declaration_id) do update set declared_at = least(statistics.clearance_times.declared_at, excluded.declared_at)`;
      return;
    case 'SUBMITTED':
      await tx`
        insert into statistics.clearance_times (declaration_id, submitted_at) values (${id}, ${at})
        on conflict (declaration_id) do update set submitted_at = least(statistics.clearance_times.submitted_at, excluded.submitted_at)`;
      return;
    case 'RELEASED':
      await tx`
        insert into statistics.clearance_times (declaration_id, released_at, release_day)
        values (${id}, ${at}, (${at}::timestamptz at time zone 'Asia/Shanghai')::date)
        on conflict (declaration_id) do update set
          released_at = least(statistics.clearance_times.released_at, excluded.released_at),
          release_day = (least(statistics.clearance_times.released_at, excluded.released_at) at time zone 'Asia/Shanghai')::date`;
      return;
    default:
      return;
  }
}
