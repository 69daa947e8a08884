import { usccProblem, type BusEvent, type Logger } from '@sw/kernel';
import { shanghaiDay } from '../common/periods';
import { BASELINE_GRADE, BASELINE_RISK, GRADES, inPopulation, RISK_CLASSES, shiftPopulation } from './population';
import type { Tx } from './tx';

/**
 * credit.profile.grade-changed and credit.risk.class-changed: the projection keeps the latest
 * grade and risk class per enterprise, and a filed enterprise moves between classes of the
 * population on the event's day. The previous class is statistics' own (not the event's `from`),
 * so the population stays consistent even if an event was never seen.
 */
export async function projectGrade(event: BusEvent, tx: Tx, logger: Logger): Promise<void> {
  await projectClass(event, tx, logger, 'GRADE');
}

export async function projectRisk(event: BusEvent, tx: Tx, logger: Logger): Promise<void> {
  await projectClass(event, tx, logger, 'RISK');
}

async function projectClass(event: BusEvent, tx: Tx, logger: Logger, kind: 'GRADE' | 'RISK'): Promise<void> {
  const uscc = String(event.data.uscc ?? event.subject);
  const to = String(event.data.to);
  const classes: readonly string[] = kind === 'GRADE' ? GRADES : RISK_CLASSES;
  if (usccProblem(uscc) || !classes.includes(to)) {
    logger.warn({ type: event.type, eventId: event.id }, 'credit event without a valid uscc or class; ignored');
    return;
  }
  const [old] = await tx`select grade, risk_class, grade_seq, risk_seq from statistics.credit where uscc = ${uscc} for update`;
  const seen = kind === 'GRADE' ? old?.grade_seq : old?.risk_seq;
  if (seen !== undefined && BigInt(seen) >= event.seq) return;
  const previous: string = (kind === 'GRADE' ? old?.grade : old?.risk_class) ?? (kind === 'GRADE' ? BASELINE_GRADE : BASELINE_RISK);
  const seq = event.seq.toString();
  if (kind === 'GRADE') {
    await tx`
      insert into statistics.credit (uscc, grade, grade_seq) values (${uscc}, ${to}, ${seq})
      on conflict (uscc) do update set grade = excluded.grade, grade_seq = excluded.grade_seq`;
  } else {
    await tx`
      insert into statistics.credit (uscc, risk_class, risk_seq) values (${uscc}, ${to}, ${seq})
      on conflict (uscc) do update set risk_class = excluded.risk_class, risk_seq = excluded.risk_seq`;
  }
  if (previous !== to && await inPopulation(tx, uscc)) {
    const day = shanghaiDay(event.occurredAt);
    await shiftPopulation(tx, day, kind, previous, -1);
    await shiftPopulation(tx, day, kind, to, 1);
  }
}
