import { addDays, shanghaiToday } from '../method/dates';
import {
  assess, RECORD_RULES, type Assessment, type CreditGrade, type CustomsCreditClass, type MethodInputs, type MethodRecord, type RiskClass,
} from '../method/method';
import { publishInTx, type Tx } from '../events/publish';

/** Kinds that count while in force, however old: they are read whatever their date. */
const UNDATED_KINDS = ['CERTIFICATION', 'CERTIFICATION_REVOKED', 'TAX_RATING', 'SAIC_ABNORMAL_OPERATIONS', 'SAIC_SERIOUS_VIOLATIONS'];
/** The longest window of any dated kind: older records cannot count and are not read. */
const LONGEST_WINDOW_DAYS = Math.max(...Object.values(RECORD_RULES).map((rule) => rule.windowDays ?? 0));
/** How soon a profile whose inputs decay is recomputed again. */
const REFRESH_AFTER_MS = 24 * 60 * 60 * 1000;

/** What an enterprise nothing is known about yet is graded (METHOD.md, example 1). */
export const BASELINE: { grade: CreditGrade; customsClass: CustomsCreditClass; riskClass: RiskClass } = { grade: 'B', customsClass: 'REGULAR', riskClass: 'LOW' };

export interface Recomputed {
  assessment: Assessment;
  gradeChanged: boolean;
  riskChanged: boolean;
}

/**
 * Recomputes one enterprise's profile inside the transaction that changed one of its inputs, and
 * stores it; never more than that one profile. A change of grade or customs class is written to
 * its history and published, as is a change of risk class, in the same transaction. An enterprise
 * credit has no filing for is left alone (its records wait for the filing). Returns undefined then.
 */
export async function recomputeProfile(tx: Tx, uscc: string, cause: string, actor: string, now = new Date()): Promise<Recomputed | undefined> {
  // The projection row is the subject's lock: recomputations of one enterprise take turns.
  const [filed] = await tx`select uscc from credit.enterprises where uscc = ${uscc} for update`;
  if (!filed) return undefined;
  const today = shanghaiToday(now);
  const [current] = await tx`select grade, customs_class, risk_class from credit.profiles where uscc = ${uscc}`;
  const records = await tx`
    select id, source, kind, authority, occurred_on::text as occurred_on, ended_on::text as ended_on, evidence, detail
    from credit.records
    where uscc = ${uscc} and (kind = any(${UNDATED_KINDS}) or occurred_on >= ${addDays(today, -LONGEST_WINDOW_DAYS)}::date)`;
  const [listing] = await tx`
    select id::text as id, reason, authority, listed_on::text as listed_on from credit.negative_list
    where uscc = ${uscc} and delisted_at is null`;
  const inputs: MethodInputs = {
    records: records.map((row): MethodRecord => ({
      id: row.id, source: row.source, kind: row.kind, authority: row.authority, occurredOn: row.occurred_on,
      endedOn: row.ended_on, evidence: row.evidence, detail: row.detail,
    })),
    listing: listing ? { id: listing.id, reason: listing.reason, authority: listing.authority, listedOn: listing.listed_on } : null,
  };
  const assessment = assess(inputs, today);
  const a = assessment;
  const refreshDueAt = a.decays ? new Date(now.getTime() + REFRESH_AFTER_MS) : null;
  await tx`
    insert into credit.profiles (uscc, grade, customs_class, tax_rating, on_negative_list, score, factors, supervision, risk_class, computed_at, refresh_due_at)
    values (${uscc}, ${a.grade}, ${a.customsClass}, ${a.taxRating}, ${a.onNegativeList}, ${a.score}, ${tx.json(a.factors as never)},
            ${tx.json(a.supervision as never)}, ${a.riskClass}, ${now}, ${refreshDueAt})
    on conflict (uscc) do update set
      grade = excluded.grade, customs_class = excluded.customs_class, tax_rating = excluded.tax_rating,
      on_negative_list = excluded.on_negative_list, score = excluded.score, factors = excluded.factors,
      supervision = excluded.supervision, risk_class = excluded.risk_class, computed_at = excluded.computed_at,
      refresh_due_at = excluded.refresh_due_at, version = credit.profiles.version + 1`;

  const previous = current
    ? { grade: current.grade as CreditGrade, customsClass: current.customs_class as CustomsCreditClass, riskClass: current.risk_class as RiskClass }
    : BASELINE;
  const gradeChanged = !current || previous.grade !== a.grade || previous.customsClass !== a.customsClass;
  if (gradeChanged) {
    await tx`
      insert into credit.grade_changes (uscc, from_grade, to_grade, from_class, to_class, score, cause, at)
      values (${uscc}, ${current?.grade ?? null}, ${a.grade}, ${current?.customs_class ?? null}, ${a.customsClass}, ${a.score}, ${cause}, ${now})`;
  }
  // Consumers assume the baseline for an enterprise they have heard nothing about, so a first
  // profile is published only when it differs from the baseline.
  if (previous.grade !== a.grade || previous.customsClass !== a.customsClass) {
    await publishInTx(tx, {
      type: 'credit.profile.grade-changed', subject: uscc, actor,
      data: {
        uscc, from: current?.grade ?? null, to: a.grade, previousCustomsClass: current?.customs_class ?? null, customsClass: a.customsClass,
        score: a.score, inspectionRate: a.supervision.inspectionRate, simplifiedClearance: a.supervision.simplifiedClearance, cause,
      },
    });
  }
  await syncWarnings(tx, uscc, a, now);
  const riskChanged = previous.riskClass !== a.riskClass;
  if (riskChanged) {
    await publishInTx(tx, {
      type: 'credit.risk.class-changed', subject: uscc, actor,
      data: { uscc, from: current?.risk_class ?? null, to: a.riskClass, warnings: a.warnings.map((w) => w.kind), cause },
    });
  }
  return { assessment, gradeChanged, riskChanged };
}

/** Opens the warnings the assessment raises and closes the open ones it no longer does. */
async function syncWarnings(tx: Tx, uscc: string, assessment: Assessment, now: Date): Promise<void> {
  const open = await tx`select id::text as id, kind, source_ref from credit.risk_warnings where uscc = ${uscc} and closed_at is null`;
  const key = (kind: string, ref: string) => `${kind}\u0000${ref}`;
  const wanted = new Map(assessment.warnings.map((w) => [key(w.kind, w.sourceRef), w]));
  for (const row of open.filter((row) => !wanted.has(key(row.kind, row.source_ref)))) {
    await tx`update credit.risk_warnings set closed_at = ${now} where id = ${row.id}::bigint`;
  }
  const present = new Set(open.map((row) => key(row.kind, row.source_ref)));
  for (const w of assessment.warnings.filter((w) => !present.has(key(w.kind, w.sourceRef)))) {
    await tx`
      insert into credit.risk_warnings (uscc, kind, severity, source_ref, evidence, raised_at)
      values (${uscc}, ${w.kind}, ${w.severity}, ${w.sourceRef}, ${w.evidence}, ${now})`;
  }
}
