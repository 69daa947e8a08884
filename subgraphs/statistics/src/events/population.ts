import type { Tx } from './tx';

export type CreditGrade = 'A' | 'B' | 'C' | 'D';
export type RiskClass = 'LOW' | 'MEDIUM' | 'HIGH';
export const GRADES: readonly CreditGrade[] = ['A', 'B', 'C', 'D'];
export const RISK_CLASSES: readonly RiskClass[] = ['LOW', 'MEDIUM', 'HIGH'];

/** What credit assumes of an enterprise it has published nothing about (subgraphs/credit, BASELINE). */
export const BASELINE_GRADE: CreditGrade = 'B';
export const BASELINE_RISK: RiskClass = 'LOW';

/**
 * Moves `count` filed enterprises into (positive) or out of (negative) a grade or risk class on
 * `day`. The population on a day is the sum of the deltas up to it; a delta that returns to zero
 * is removed, so the table holds the same rows whatever path led to it (rebuild equals incremental).
 */
export async function shiftPopulation(tx: Tx, day: string, kind: 'GRADE' | 'RISK', cls: string, count: number): Promise<void> {
  await tx`
    insert into statistics.population_daily (day, kind, class, delta) values (${day}, ${kind}, ${cls}, ${count})
    on conflict (kind, day, class) do update set delta = statistics.population_daily.delta + excluded.delta`;
  await tx`delete from statistics.population_daily where kind = ${kind} and day = ${day} and class = ${cls} and delta = 0`;
}

/** Whether `uscc` is in the filed population (filed and not revoked) as statistics knows it now. */
export async function inPopulation(tx: Tx, uscc: string): Promise<boolean> {
  const [row] = await tx`select filing_status from statistics.enterprises where uscc = ${uscc}`;
  return row !== undefined && row.filing_status !== 'REVOKED';
}

/** The enterprise's grade and risk class as credit last published them, else the baseline. */
export async function creditOf(tx: Tx, uscc: string): Promise<{ grade: CreditGrade; risk: RiskClass }> {
  const [row] = await tx`select grade, risk_class from statistics.credit where uscc = ${uscc}`;
  return { grade: (row?.grade as CreditGrade | null) ?? BASELINE_GRADE, risk: (row?.risk_class as RiskClass | null) ?? BASELINE_RISK };
}
