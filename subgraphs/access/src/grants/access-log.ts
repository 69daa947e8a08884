import { isDataScope, usccProblem, type BusEvent, type Logger } from '@sw/kernel';
import type { Tx } from '../audit/audit.service';

/**
 * Appends the enterprise's access-log entry for an `access.grant.used` event, in the audit
 * consumer's transaction; the entry's id is the event's, so a redelivery adds nothing.
 */
export async function appendAccessLog(tx: Tx, event: BusEvent, logger?: Logger): Promise<void> {
  const { partnerUscc, uscc, scope, what, requestId } = event.data;
  if (typeof uscc !== 'string' || usccProblem(uscc) || typeof partnerUscc !== 'string' || usccProblem(partnerUscc) || !isDataScope(scope)) {
    logger?.warn({ eventId: event.id }, 'access.grant.used without a valid uscc, partnerUscc or scope; not in the access log');
    return;
  }
  const fields = Array.isArray(what) ? what.map(String) : [];
  await tx`
    insert into access.data_access_log (id, uscc, partner_uscc, scope, what, request_id, actor, at)
    values (${event.id}, ${uscc}, ${partnerUscc}, ${scope}, ${fields}::text[], ${String(requestId ?? '')}, ${event.actor}, ${event.occurredAt})
    on conflict (id) do nothing`;
}
