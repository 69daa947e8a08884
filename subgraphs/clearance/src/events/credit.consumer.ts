import { BusConsumer, type BusEvent, type Logger, type Sql } from '@sw/kernel';
import type postgres from 'postgres';

/**
 * Keeps clearance.credit_standing from credit's events: the negative list (a listed enterprise's
 * documents are refused, see projections/parties.ts) and the risk class (the inspection decision
 * travels to customs with the declaration). Each attribute keeps the seq of the event it reflects,
 * so a replay never moves it backwards.
 */
export function creditConsumer(sql: Sql, logger: Logger, pollMs?: number): BusConsumer {
  return new BusConsumer(sql, {
    name: 'credit-projection',
    schema: 'clearance',
    types: ['credit.negative-list.listed', 'credit.negative-list.delisted', 'credit.risk.class-changed'],
    logger,
    pollMs,
    handle: (event, tx) => projectCreditEvent(event, tx),
  });
}

export async function projectCreditEvent(event: BusEvent, tx: postgres.TransactionSql): Promise<void> {
  const uscc = String(event.data.uscc ?? '');
  if (!uscc) return;
  const seq = event.seq.toString();
  const at = event.occurredAt;
  switch (event.type) {
    case 'credit.negative-list.listed':
    case 'credit.negative-list.delisted': {
      const listed = event.type === 'credit.negative-list.listed';
      const reason = listed && typeof event.data.reason === 'string' ? event.data.reason : null;
      await tx`
        insert into clearance.credit_standing (uscc, on_negative_list, negative_reason, negative_seq, updated_at)
        values (${uscc}, ${listed}, ${reason}, ${seq}, ${at})
        on conflict (uscc) do update set on_negative_list = excluded.on_negative_list, negative_reason = excluded.negative_reason,
          negative_seq = excluded.negative_seq, updated_at = excluded.updated_at
        where clearance.credit_standing.negative_seq < excluded.negative_seq`;
      return;
    }
    case 'credit.risk.class-changed': {
      const riskClass = ['LOW', 'MEDIUM', 'HIGH'].includes(String(event.data.to)) ? String(event.data.to) : null;
      await tx`
        insert into clearance.credit_standing (uscc, risk_class, risk_seq, updated_at)
        values (${uscc}, ${riskClass}, ${seq}, ${at})
        on conflict (uscc) do update set risk_class = excluded.risk_class, risk_seq = excluded.risk_seq, updated_at = excluded.updated_at
        where clearance.credit_standing.risk_seq < excluded.risk_seq`;
      return;
    }
    default:
      return;
  }
}
