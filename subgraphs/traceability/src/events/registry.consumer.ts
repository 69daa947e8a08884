import { BusConsumer, type BusEvent, type Logger, type Sql } from '@sw/kernel';
import type postgres from 'postgres';

/**
 * Keeps traceability.enterprises (USCC, name, customs code, filing status) from the registry's
 * events: a product's owner must be a filed enterprise, and traceability never reads the
 * registry's tables (DESIGN.md). Each row keeps the seq of the event it reflects, so a replay from
 * seq 0 or a redelivery never moves a row backwards. A revoked filing suspends the enterprise's
 * product filings.
 */
export function registryConsumer(sql: Sql, logger: Logger, pollMs?: number): BusConsumer {
  return new BusConsumer(sql, {
    name: 'registry-projection',
    schema: 'traceability',
    types: ['registry.enterprise.filed', 'registry.enterprise.amended', 'registry.enterprise.revoked'],
    logger,
    pollMs,
    handle: (event, tx) => projectRegistryEvent(event, tx),
  });
}

export async function projectRegistryEvent(event: BusEvent, tx: postgres.TransactionSql): Promise<void> {
  const data = event.data;
  const uscc = String(data.uscc ?? event.subject);
  const seq = event.seq.toString();
  const customsCode = typeof data.customsCode === 'string' ? data.customsCode : null;
  if (event.type === 'registry.enterprise.revoked') {
    const updated = await tx`
      update traceability.enterprises set filing_status = 'REVOKED', customs_code = coalesce(${customsCode}, customs_code),
        last_event_seq = ${seq}, updated_at = ${event.occurredAt}
      where uscc = ${uscc} and last_event_seq < ${seq}
      returning uscc`;
    if (updated.length > 0) {
      await tx`update traceability.products set status = 'SUSPENDED', updated_at = ${event.occurredAt} where owner_uscc = ${uscc} and status = 'FILED'`;
    }
    return;
  }
  await tx`
    insert into traceability.enterprises (uscc, name, customs_code, filing_status, last_event_seq, updated_at)
    values (${uscc}, ${String(data.name ?? '')}, ${customsCode}, ${String(data.filingStatus ?? 'ACTIVE')}, ${seq}, ${event.occurredAt})
    on conflict (uscc) do update set name = excluded.name, customs_code = excluded.customs_code,
      filing_status = excluded.filing_status, last_event_seq = excluded.last_event_seq, updated_at = excluded.updated_at
    where traceability.enterprises.last_event_seq < excluded.last_event_seq`;
}
