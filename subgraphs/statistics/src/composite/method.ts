import { round } from '../common/money';
import type { CreditGrade, RiskClass } from '../events/population';

/**
 * The composite CBEC index (INDEX.md is the method; keep the two in step). Each component is a
 * sub-index: 100 × its level in the month / its level in the base period. The index is the
 * weighted sum of the components, so the base period is 100.
 */
export const COMPONENTS = [
  { name: 'SCALE', weight: 0.3 },
  { name: 'GROWTH', weight: 0.15 },
  { name: 'STRUCTURE', weight: 0.15 },
  { name: 'EFFICIENCY', weight: 0.15 },
  { name: 'CREDIT_QUALITY', weight: 0.15 },
  { name: 'RISK', weight: 0.1 },
] as const;

export type ComponentName = (typeof COMPONENTS)[number]['name'];
export type Levels = Record<ComponentName, number | null>;

/** Points per credit grade for CREDIT_QUALITY. */
export const GRADE_POINTS: Record<CreditGrade, number> = { A: 100, B: 75, C: 40, D: 0 };

/** What the levels of one month are computed from, all read from statistics' own rollups. */
export interface Measures {
  /** Value cleared in the month (fen), in the comparable days of the previous month and of the same month a year earlier. */
  value: bigint;
  previousValue: bigint;
  lastYearValue: bigint;
  /** The month's value per partner country and per HS chapter (fen). */
  byCountry: bigint[];
  byChapter: bigint[];
  /** Median hours from submission to release of the declarations released in the month; null when none were. */
  medianClearanceHours: number | null;
  /** The filed population at the month's last day, by credit grade and by risk class. */
  grades: Record<CreditGrade, number>;
  risks: Record<RiskClass, number>;
}

/** A shortest clearance time counted, so that a month of instant releases does not divide by zero. */
const MIN_HOURS = 1 / 60;

/** 1 − the Herfindahl–Hirschman index of value shares: 0 for one market, towards 1 for many even ones. Null without value. */
export function diversity(values: bigint[]): number | null {
  const total = values.reduce((sum, value) => sum + value, 0n);
  if (total <= 0n) return null;
  return 1 - values.reduce((sum, value) => sum + (Number(value) / Number(total)) ** 2, 0);
}

/** The level of every component in one month; null where the month gives nothing to measure. */
export function levelsOf(m: Measures): Levels {
  const g = m.lastYearValue > 0n ? Number(m.value) / Number(m.lastYearValue) - 1
    : m.previousValue > 0n ? Number(m.value) / Number(m.previousValue) - 1
      : 0;
  const diversities = [diversity(m.byCountry), diversity(m.byChapter)].filter((d): d is number => d !== null);
  const graded = m.grades.A + m.grades.B + m.grades.C + m.grades.D;
  const risked = m.risks.LOW + m.risks.MEDIUM + m.risks.HIGH;
  return {
    SCALE: Number(m.value) / 100,
    GROWTH: 1 + g,
    STRUCTURE: diversities.length ? diversities.reduce((a, b) => a + b, 0) / diversities.length : null,
    EFFICIENCY: m.medianClearanceHours === null ? null : 1 / Math.max(m.medianClearanceHours, MIN_HOURS),
    CREDIT_QUALITY: graded === 0 ? null
      : (GRADE_POINTS.A * m.grades.A + GRADE_POINTS.B * m.grades.B + GRADE_POINTS.C * m.grades.C + GRADE_POINTS.D * m.grades.D) / graded,
    RISK: risked === 0 ? null : 1 - (m.risks.HIGH + 0.5 * m.risks.MEDIUM) / risked,
  };
}

export interface ComponentValue {
  name: ComponentName;
  value: number;
  weight: number;
  level: number | null;
  baseLevel: number | null;
}

/**
 * The index of a month against the base period. A component whose level is unknown in either, or
 * zero in the base, stands at 100 (neutral) rather than inventing a figure.
 */
export function compose(month: Levels, base: Levels): { value: number; components: ComponentValue[] } {
  let value = 0;
  const components = COMPONENTS.map(({ name, weight }) => {
    const level = month[name];
    const baseLevel = base[name];
    const sub = level !== null && baseLevel !== null && baseLevel > 0 ? (100 * level) / baseLevel : 100;
    value += weight * sub;
    return { name, weight, value: round(sub, 2), level: level === null ? null : round(level, 6), baseLevel: baseLevel === null ? null : round(baseLevel, 6) };
  });
  return { value: round(value, 2), components };
}
