import type { BusEvent, Logger } from '@sw/kernel';
import type postgres from 'postgres';

/**
 * Keeps logistics.declaration_parties from clearance's declaration events: for each declaration,
 * its waybill number (logisticsNo) and the USCCs of its logistics firm, e-commerce enterprise and
 * platform. The enterprise and platform of the declaration that clears a waybill may read that
 * waybill's milestones. Clearance publishes no waybill events of its own: a waybill is linked to
 * its e-commerce parties once its inventory list (the declaration) is in.
 */
const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const usccOrNull = (value: unknown): string | null => (typeof value === 'string' && USCC.test(value) ? value : null);

export async function projectDeclarationParties(event: BusEvent, tx: postgres.TransactionSql, logger: Logger): Promise<void> {
  const data = event.data;
  const declarationId = typeof data.declarationId === 'string' ? data.declarationId : null;
  const logisticsNo = typeof data.logisticsNo === 'string' && data.logisticsNo ? data.logisticsNo : null;
  if (!declarationId || !logisticsNo) {
    logger.warn({ eventId: event.id, type: event.type }, 'declaration event without declarationId or logisticsNo; not projected');
    return;
  }
  // parties: { ECOMMERCE_ENTERPRISE, ECOMMERCE_PLATFORM, LOGISTICS, PAYMENT, CUSTOMS_BROKER } → USCC or null.
  const parties = (data.parties && typeof data.parties === 'object' ? data.parties : {}) as Record<string, unknown>;
  const enterprise = usccOrNull(data.enterprise) ?? usccOrNull(parties.ECOMMERCE_ENTERPRISE);
  const platform = usccOrNull(data.platform) ?? usccOrNull(parties.ECOMMERCE_PLATFORM);
  const carrier = usccOrNull(parties.LOGISTICS);
  const seq = event.seq.toString();
  await tx`
    insert into logistics.declaration_parties (declaration_id, logistics_no, logistics_uscc, enterprise_uscc, platform_uscc, last_event_seq, updated_at)
    values (${declarationId}, ${logisticsNo}, ${carrier}, ${enterprise}, ${platform}, ${seq}, ${event.occurredAt})
    on conflict (declaration_id) do update set logistics_no = excluded.logistics_no, logistics_uscc = excluded.logistics_uscc,
      enterprise_uscc = excluded.enterprise_uscc, platform_uscc = excluded.platform_uscc,
      last_event_seq = excluded.last_event_seq, updated_at = excluded.updated_at
    where logistics.declaration_parties.last_event_seq < excluded.last_event_seq`;
}
