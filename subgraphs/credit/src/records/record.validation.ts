import { badInput, requiredText, usccProblem } from '@sw/kernel';
import { isIsoDate } from '../method/dates';
import type { CertificationLevel, RegulatorKind } from '../method/method';
import type { CreditEventInput } from './record.type';

/** A credit event once it passed the edge. */
export interface ValidCreditEvent {
  uscc: string;
  kind: RegulatorKind;
  authority: string;
  occurredOn: string;
  evidence: string;
  certificationLevel: CertificationLevel | null;
}

export function validUscc(field: string, uscc: string): string {
  const problem = usccProblem(uscc);
  if (problem) throw badInput(field, problem);
  return uscc;
}

/** A calendar date that has happened (Asia/Shanghai `today`) and is not before the earliest date the pilot keeps. */
export function validPastDate(field: string, date: string, today: string): string {
  if (!isIsoDate(date)) throw badInput(field, `must be a calendar date written YYYY-MM-DD, got "${date}"`);
  if (date > today) throw badInput(field, `must not be in the future (today is ${today} in Asia/Shanghai), got ${date}`);
  if (date < '1990-01-01') throw badInput(field, `must be 1990-01-01 or later, got ${date}`);
  return date;
}

export function validCreditEvent(input: CreditEventInput, today: string): ValidCreditEvent {
  const uscc = validUscc('input.uscc', input.uscc);
  const authority = requiredText('input.authority', input.authority, 100);
  const occurredOn = validPastDate('input.occurredOn', input.occurredOn, today);
  const evidence = requiredText('input.evidence', input.evidence, 2000);
  const level = input.certificationLevel ?? null;
  if (input.kind === 'CERTIFICATION' && level === null) {
    throw badInput('input.certificationLevel', 'is required for CERTIFICATION: CERTIFIED or ADVANCED_CERTIFIED');
  }
  if (input.kind !== 'CERTIFICATION' && level !== null) {
    throw badInput('input.certificationLevel', `applies to CERTIFICATION only; leave it out for ${input.kind}`);
  }
  return { uscc, kind: input.kind, authority, occurredOn, evidence, certificationLevel: level };
}
