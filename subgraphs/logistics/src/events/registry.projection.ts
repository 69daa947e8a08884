import type { BusEvent } from '@sw/kernel';
import type postgres from 'postgres';

/**
 * Keeps logistics.enterprises (USCC → name, customs code, roles, filing status) from the registry's
 * events: who may operate a warehouse, and which logistics firm holds a waybill's customs code,
 * without reading the registry's tables (DESIGN.md). Each row keeps the seq of the event it
 * reflects, so a replay from seq 0 or a redelivery never moves a row backwards.
 */
export async function projectRegistryEvent(event: BusEvent, tx: postgres.TransactionSql): Promise<void> {
  const data = event.data;
  const seq = event.seq.toString();
  switch (event.type) {
    case 'registry.enterprise.filed':
    case 'registry.enterprise.amended': {
      const roles = Array.isArray(data.roles) ? data.roles.map(String) : [];
      await tx`
        insert into logistics.enterprises (uscc, name, customs_code, roles, filing_status, last_event_seq, updated_at)
        values (${String(data.uscc)}, ${String(data.name ?? '')}, ${(data.customsCode as string | null) ?? null}, ${roles},
                ${String(data.filingStatus)}, ${seq}, ${event.occurredAt})
        on conflict (uscc) do update set name = excluded.name, customs_code = excluded.customs_code, roles = excluded.roles,
          filing_status = excluded.filing_status, last_event_seq = excluded.last_event_seq, updated_at = excluded.updated_at
        where logistics.enterprises.last_event_seq < excluded.last_event_seq`;
      return;
    }
    case 'registry.enterprise.revoked':
      await tx`
        update logistics.enterprises set filing_status = 'REVOKED', last_event_seq = ${seq}, updated_at = ${event.occurredAt}
        where uscc = ${String(data.uscc)} and last_event_seq < ${seq}`;
      return;
    default:
      return;
  }
}
