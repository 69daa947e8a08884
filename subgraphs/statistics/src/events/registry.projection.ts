import { usccProblem, type BusEvent, type Logger } from '@sw/kernel';
import { shanghaiDay } from '../common/periods';
import { creditOf, shiftPopulation } from './population';
import type { Tx } from './tx';

const FILING_STATUSES = ['ACTIVE', 'AMENDED', 'REVOKED'];

/**
 * Keeps statistics' projection of registry filings: region and roles attribute cleared trade
 * (REGION, ENTERPRISE_ROLE), CBEC roles count toward the pilot target, and filing or revocation
 * moves the enterprise into or out of the population the credit and risk components measure
 * (on the event's day in Asia/Shanghai). An event the row already reflects changes nothing.
 */
export async function projectFiling(event: BusEvent, tx: Tx, logger: Logger): Promise<void> {
  const uscc = String(event.data.uscc ?? event.subject);
  if (usccProblem(uscc)) {
    logger.warn({ type: event.type, eventId: event.id }, 'filing event without a valid uscc; ignored');
    return;
  }
  const [old] = await tx`
    select filing_status, region, roles, customs_code, last_event_seq from statistics.enterprises where uscc = ${uscc} for update`;
  if (old && BigInt(old.last_event_seq) >= event.seq) return;
  const revoked = event.type === 'registry.enterprise.revoked';
  const status = revoked ? 'REVOKED' : FILING_STATUSES.includes(String(event.data.filingStatus)) ? String(event.data.filingStatus) : 'ACTIVE';
  const region = revoked ? (old?.region ?? null) : typeof event.data.region === 'string' ? event.data.region : null;
  const roles = revoked ? (old?.roles ?? []) : Array.isArray(event.data.roles) ? event.data.roles.filter((role): role is string => typeof role === 'string') : [];
  const customsCode = typeof event.data.customsCode === 'string' ? event.data.customsCode : (old?.customs_code ?? null);
  await tx`
    insert into statistics.enterprises (uscc, customs_code, region, roles, filing_status, last_event_seq)
    values (${uscc}, ${customsCode}, ${region}, ${roles}::text[], ${status}, ${event.seq.toString()})
    on conflict (uscc) do update set
      customs_code = excluded.customs_code, region = excluded.region, roles = excluded.roles,
      filing_status = excluded.filing_status, last_event_seq = excluded.last_event_seq`;
  const before = old !== undefined && old.filing_status !== 'REVOKED';
  const after = status !== 'REVOKED';
  if (before !== after) {
    const day = shanghaiDay(event.occurredAt);
    const { grade, risk } = await creditOf(tx, uscc);
    await shiftPopulation(tx, day, 'GRADE', grade, after ? 1 : -1);
    await shiftPopulation(tx, day, 'RISK', risk, after ? 1 : -1);
  }
}
