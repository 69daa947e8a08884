import { daysBetween } from './dates';

/**
 * The grading method of subgraphs/credit/METHOD.md, as one pure function: the same inputs and
 * the same day always give the same profile. Every number here appears in METHOD.md; a change
 * to one is a change to the other, and to the worked examples in method.test.ts.
 */

export type CreditGrade = 'A' | 'B' | 'C' | 'D';
/**
 * Customs enterprise credit levels of 《中华人民共和国海关注册登记和备案企业信用管理办法》
 * (海关总署令第282号, published 2026-01-13, in force from 2026-04-01, repealing Order 251 of 2021):
 * 高级认证企业, 认证企业, 常规企业, 失信企业, 严重失信企业.
 */
export type CustomsCreditClass = 'ADVANCED_CERTIFIED' | 'CERTIFIED' | 'REGULAR' | 'DISHONEST' | 'SERIOUSLY_DISHONEST';
/** Tax credit rating (国家税务总局公告2014年第85号, M added by 2018年第8号). */
export type TaxRating = 'A' | 'B' | 'M' | 'C' | 'D';
export type RiskClass = 'LOW' | 'MEDIUM' | 'HIGH';
export type RiskSeverity = 'MEDIUM' | 'HIGH';
export type CreditSource = 'REGULATOR' | 'SAIC' | 'TAX' | 'CLEARANCE' | 'TRACEABILITY' | 'STATISTICS';
export type CertificationLevel = 'CERTIFIED' | 'ADVANCED_CERTIFIED';
export type PreEntryCheck = 'DOCUMENT_REVIEW' | 'GUARANTEE';

/** What a regulator records through recordCreditEvent. */
export const REGULATOR_KINDS = [
  'PENALTY', 'ABNORMAL_OPERATION', 'VIOLATION', 'SERIOUS_VIOLATION', 'SMUGGLING', 'TAX_ARREARS',
  'COMMENDATION', 'CERTIFICATION', 'CERTIFICATION_REVOKED',
] as const;
export type RegulatorKind = (typeof REGULATOR_KINDS)[number];

/** Every kind of record, whichever source it came from. */
export const RECORD_KINDS = [
  ...REGULATOR_KINDS,
  'SAIC_ABNORMAL_OPERATIONS', 'SAIC_SERIOUS_VIOLATIONS', 'TAX_RATING',
  // Plug in with the clearance, traceability and statistics subgraphs' events (METHOD.md, "Later sources").
  'CLEARANCE_MISMATCH', 'CLEARANCE_REJECTED', 'QUALITY_RISK', 'TRADE_PATTERN_CHANGE',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const WARNING_KINDS = [
  'NEGATIVE_LIST', 'SERIOUS_VIOLATION', 'REPEATED_VIOLATIONS', 'SAIC_SERIOUS_VIOLATIONS', 'SAIC_ABNORMAL_OPERATIONS',
  'TAX_RATING_D', 'LOW_CREDIT_GRADE', 'CLEARANCE_MISMATCHES', 'CLEARANCE_REJECTIONS', 'QUALITY_RISK', 'TRADE_PATTERN_CHANGE',
] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];

/** A record as the method sees it. Dates are YYYY-MM-DD. */
export interface MethodRecord {
  id: string;
  source: CreditSource;
  kind: RecordKind;
  authority: string;
  occurredOn: string;
  /** A list entry removed or a certification ended; null while in force. */
  endedOn: string | null;
  evidence: string;
  /** CERTIFICATION: { level }; TAX_RATING: { rating, year, score }. */
  detail: Record<string, unknown>;
}

export interface MethodListing {
  id: string;
  reason: string;
  authority: string;
  listedOn: string;
}

export interface MethodInputs {
  records: MethodRecord[];
  /** The open negative-list entry, if the subject is listed. */
  listing: MethodListing | null;
}

export interface Factor {
  /** BASE, REGULATOR, SAIC, TAX, NEGATIVE_LIST, CLEARANCE, TRACEABILITY or STATISTICS. */
  source: string;
  kind: string;
  /** Decay multiplier in [0, 1]: 0.5^(age / half-life), 1 for what does not decay. */
  weight: number;
  /** Points this factor adds to (or takes from) the score: base points × weight. */
  contribution: number;
  evidence: string | null;
  recordId: string | null;
}

export interface Supervision {
  /** Share of declarations selected for inspection, 0..1. */
  inspectionRate: number;
  simplifiedClearance: boolean;
  preEntryChecks: PreEntryCheck[];
  /** Why: the class and grade the measures follow from. */
  basis: string;
}

export interface WarningSpec {
  kind: WarningKind;
  severity: RiskSeverity;
  /** What raised it; a warning stays open while its source does. */
  sourceRef: string;
  evidence: string;
}

export interface Assessment {
  score: number;
  grade: CreditGrade;
  customsClass: CustomsCreditClass;
  taxRating: TaxRating | null;
  onNegativeList: boolean;
  factors: Factor[];
  supervision: Supervision;
  riskClass: RiskClass;
  warnings: WarningSpec[];
  /** Some input still decays or ages out: the profile needs recomputing as days pass. */
  decays: boolean;
}

// ---- the numbers (METHOD.md) ------------------------------------------------------------------

export const BASE_SCORE = 80;
export const GRADE_THRESHOLDS: readonly [CreditGrade, number][] = [['A', 90], ['B', 70], ['C', 40], ['D', 0]];

interface RecordRule {
  points: number;
  /** Days after which a record counts half; null: no decay while in force. */
  halfLifeDays: number | null;
  /** Days after which a record no longer counts at all; null: counts while in force. */
  windowDays: number | null;
}

export const RECORD_RULES: Record<Exclude<RecordKind, 'CERTIFICATION' | 'CERTIFICATION_REVOKED' | 'TAX_RATING'>, RecordRule> = {
  COMMENDATION: { points: 5, halfLifeDays: 365, windowDays: 1095 },
  PENALTY: { points: -10, halfLifeDays: 365, windowDays: 1095 },
  ABNORMAL_OPERATION: { points: -10, halfLifeDays: 365, windowDays: 1095 },
  VIOLATION: { points: -15, halfLifeDays: 365, windowDays: 1095 },
  TAX_ARREARS: { points: -20, halfLifeDays: 365, windowDays: 1095 },
  SERIOUS_VIOLATION: { points: -40, halfLifeDays: 730, windowDays: 1825 },
  SMUGGLING: { points: -60, halfLifeDays: 730, windowDays: 1825 },
  SAIC_ABNORMAL_OPERATIONS: { points: -15, halfLifeDays: null, windowDays: null },
  SAIC_SERIOUS_VIOLATIONS: { points: -40, halfLifeDays: null, windowDays: null },
  CLEARANCE_MISMATCH: { points: -1, halfLifeDays: 90, windowDays: 365 },
  CLEARANCE_REJECTED: { points: -2, halfLifeDays: 90, windowDays: 365 },
  QUALITY_RISK: { points: -10, halfLifeDays: 180, windowDays: 730 },
  TRADE_PATTERN_CHANGE: { points: 0, halfLifeDays: null, windowDays: 90 },
};

export const CERTIFICATION_POINTS: Record<CertificationLevel, number> = { CERTIFIED: 5, ADVANCED_CERTIFIED: 10 };
export const TAX_RATING_POINTS: Record<TaxRating, number> = { A: 10, B: 5, M: 0, C: -15, D: -30 };
export const NEGATIVE_LIST_POINTS = -50;

/** Days a serious violation or smuggling keeps the class SERIOUSLY_DISHONEST (then the credit repair period has run). */
export const SERIOUSLY_DISHONEST_DAYS = 730;
/** Days in which tax arrears, or two penalties or violations, keep the class DISHONEST. */
export const DISHONEST_DAYS = 365;

/** Inspection rate by customs class; the grade can only raise it (GRADE_INSPECTION_FLOOR). */
export const CLASS_INSPECTION_RATE: Record<CustomsCreditClass, number> = {
  ADVANCED_CERTIFIED: 0.01, CERTIFIED: 0.02, REGULAR: 0.05, DISHONEST: 0.8, SERIOUSLY_DISHONEST: 1,
};
export const GRADE_INSPECTION_FLOOR: Record<CreditGrade, number> = { A: 0, B: 0, C: 0.1, D: 0.2 };

const CLEARANCE_WINDOW_DAYS = 30;
const CLEARANCE_REJECTIONS_THRESHOLD = 3;
const CLEARANCE_MISMATCHES_THRESHOLD = 5;
const QUALITY_RISK_DAYS = 180;

const GRADES: readonly CreditGrade[] = ['A', 'B', 'C', 'D'];
const worse = (a: CreditGrade, b: CreditGrade): CreditGrade => (GRADES.indexOf(a) >= GRADES.indexOf(b) ? a : b);

// ---- the method -------------------------------------------------------------------------------

/** Grades one subject on `today` (YYYY-MM-DD, Asia/Shanghai). */
export function assess(inputs: MethodInputs, today: string): Assessment {
  const age = (record: MethodRecord) => Math.max(0, daysBetween(record.occurredOn, today));
  const inForce = (record: MethodRecord) => record.endedOn === null || record.endedOn > today;
  const recent = (kinds: readonly RecordKind[], days: number) =>
    inputs.records.filter((record) => kinds.includes(record.kind) && inForce(record) && age(record) <= days);

  const factors: Factor[] = [];
  let decays = false;
  for (const record of inputs.records) {
    if (!(record.kind in RECORD_RULES) || !inForce(record)) continue;
    const rule = RECORD_RULES[record.kind as keyof typeof RECORD_RULES];
    const days = age(record);
    if (rule.windowDays !== null && days > rule.windowDays) continue;
    if (rule.windowDays !== null || rule.halfLifeDays !== null) decays = true;
    if (rule.points === 0) continue;
    const weight = rule.halfLifeDays === null ? 1 : round(0.5 ** (days / rule.halfLifeDays), 4);
    factors.push({
      source: record.source, kind: record.kind, weight, contribution: round(rule.points * weight, 2),
      evidence: `${record.occurredOn} ${record.authority}: ${record.evidence}`, recordId: record.id,
    });
  }

  const certification = latestBy(inputs.records.filter((r) => r.kind === 'CERTIFICATION' || r.kind === 'CERTIFICATION_REVOKED'), (r) => r.occurredOn);
  const certified = certification?.kind === 'CERTIFICATION' && inForce(certification) ? certification.detail.level as CertificationLevel : null;
  if (certification && certified) {
    factors.push({
      source: certification.source, kind: 'CERTIFICATION', weight: 1, contribution: CERTIFICATION_POINTS[certified],
      evidence: `${certification.occurredOn} ${certification.authority}: ${certified} (${certification.evidence})`, recordId: certification.id,
    });
  }

  const taxRecord = latestBy(inputs.records.filter((r) => r.kind === 'TAX_RATING'), (r) => `${String(r.detail.year).padStart(4, '0')}|${r.occurredOn}`);
  const taxRating = (taxRecord?.detail.rating as TaxRating | undefined) ?? null;
  if (taxRecord && taxRating) {
    factors.push({
      source: 'TAX', kind: 'TAX_RATING', weight: 1, contribution: TAX_RATING_POINTS[taxRating],
      evidence: `tax credit rating ${taxRating} for ${taxRecord.detail.year}${taxRecord.detail.score == null ? '' : ` (${taxRecord.detail.score} points)`}, assessed ${taxRecord.occurredOn} by ${taxRecord.authority}`,
      recordId: taxRecord.id,
    });
  }

  const listing = inputs.listing;
  if (listing) {
    factors.push({
      source: 'NEGATIVE_LIST', kind: 'LISTED', weight: 1, contribution: NEGATIVE_LIST_POINTS,
      evidence: `listed ${listing.listedOn} by ${listing.authority}: ${listing.reason}`, recordId: null,
    });
  }

  factors.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.kind.localeCompare(b.kind) || (a.recordId ?? '').localeCompare(b.recordId ?? ''));
  factors.unshift({ source: 'BASE', kind: 'BASE', weight: 1, contribution: BASE_SCORE, evidence: 'every filed enterprise starts at 80 points', recordId: null });
  const score = round(Math.min(100, Math.max(0, factors.reduce((sum, factor) => sum + factor.contribution, 0))), 2);

  const seriousRecords = recent(['SERIOUS_VIOLATION', 'SMUGGLING'], SERIOUSLY_DISHONEST_DAYS);
  const repeated = recent(['PENALTY', 'VIOLATION'], DISHONEST_DAYS);
  const saicSerious = inputs.records.filter((r) => r.kind === 'SAIC_SERIOUS_VIOLATIONS' && inForce(r));
  const saicAbnormal = inputs.records.filter((r) => r.kind === 'SAIC_ABNORMAL_OPERATIONS' && inForce(r));
  const arrears = recent(['TAX_ARREARS'], DISHONEST_DAYS);
  const customsClass: CustomsCreditClass = seriousRecords.length > 0 ? 'SERIOUSLY_DISHONEST'
    : saicSerious.length > 0 || arrears.length > 0 || repeated.length >= 2 ? 'DISHONEST'
      : certified ?? 'REGULAR';

  let grade = GRADE_THRESHOLDS.find(([, min]) => score >= min)![0];
  if (customsClass === 'DISHONEST') grade = worse(grade, 'C');
  if (customsClass === 'SERIOUSLY_DISHONEST' || listing) grade = 'D';

  const warnings: WarningSpec[] = [];
  if (listing) warnings.push({ kind: 'NEGATIVE_LIST', severity: 'HIGH', sourceRef: `negative-list:${listing.id}`, evidence: `on the negative list since ${listing.listedOn} (${listing.authority}): ${listing.reason}` });
  for (const r of seriousRecords) warnings.push({ kind: 'SERIOUS_VIOLATION', severity: 'HIGH', sourceRef: `record:${r.id}`, evidence: describe(r) });
  for (const r of saicSerious) warnings.push({ kind: 'SAIC_SERIOUS_VIOLATIONS', severity: 'HIGH', sourceRef: `record:${r.id}`, evidence: `SAIC serious violations list since ${describe(r)}` });
  for (const r of saicAbnormal) warnings.push({ kind: 'SAIC_ABNORMAL_OPERATIONS', severity: 'MEDIUM', sourceRef: `record:${r.id}`, evidence: `SAIC abnormal operations list since ${describe(r)}` });
  if (repeated.length >= 2) {
    warnings.push({ kind: 'REPEATED_VIOLATIONS', severity: 'MEDIUM', sourceRef: 'repeated-violations', evidence: `${repeated.length} penalties or violations within ${DISHONEST_DAYS} days: ${repeated.map(describe).join('; ')}` });
  }
  if (taxRecord && taxRating === 'D') warnings.push({ kind: 'TAX_RATING_D', severity: 'MEDIUM', sourceRef: `record:${taxRecord.id}`, evidence: `tax credit rating D for ${taxRecord.detail.year}` });
  const rejections = recent(['CLEARANCE_REJECTED'], CLEARANCE_WINDOW_DAYS);
  if (rejections.length >= CLEARANCE_REJECTIONS_THRESHOLD) {
    warnings.push({ kind: 'CLEARANCE_REJECTIONS', severity: 'MEDIUM', sourceRef: 'clearance-rejections', evidence: `${rejections.length} rejected declarations within ${CLEARANCE_WINDOW_DAYS} days` });
  }
  const mismatches = recent(['CLEARANCE_MISMATCH'], CLEARANCE_WINDOW_DAYS);
  if (mismatches.length >= CLEARANCE_MISMATCHES_THRESHOLD) {
    warnings.push({ kind: 'CLEARANCE_MISMATCHES', severity: 'MEDIUM', sourceRef: 'clearance-mismatches', evidence: `${mismatches.length} three-document mismatches within ${CLEARANCE_WINDOW_DAYS} days` });
  }
  for (const r of recent(['QUALITY_RISK'], QUALITY_RISK_DAYS)) warnings.push({ kind: 'QUALITY_RISK', severity: 'HIGH', sourceRef: `record:${r.id}`, evidence: describe(r) });
  for (const r of recent(['TRADE_PATTERN_CHANGE'], RECORD_RULES.TRADE_PATTERN_CHANGE.windowDays!)) {
    warnings.push({ kind: 'TRADE_PATTERN_CHANGE', severity: 'MEDIUM', sourceRef: `record:${r.id}`, evidence: describe(r) });
  }
  if (grade === 'C' || grade === 'D') {
    warnings.push({ kind: 'LOW_CREDIT_GRADE', severity: grade === 'D' ? 'HIGH' : 'MEDIUM', sourceRef: `grade:${grade}`, evidence: `credit grade ${grade} (score ${score}, customs class ${customsClass})` });
  }
  const riskClass: RiskClass = warnings.some((w) => w.severity === 'HIGH') ? 'HIGH' : warnings.length > 0 ? 'MEDIUM' : 'LOW';

  return {
    score, grade, customsClass, taxRating, onNegativeList: listing !== null, factors,
    supervision: supervisionOf(customsClass, grade, listing !== null), riskClass, warnings, decays,
  };
}

/** Graded supervision: the class sets the inspection rate, a low grade raises it, and dishonesty adds checks before entry. */
export function supervisionOf(customsClass: CustomsCreditClass, grade: CreditGrade, onNegativeList: boolean): Supervision {
  const dishonest = customsClass === 'DISHONEST' || customsClass === 'SERIOUSLY_DISHONEST';
  const preEntryChecks: PreEntryCheck[] = [];
  if (dishonest || grade === 'D') preEntryChecks.push('DOCUMENT_REVIEW');
  if (dishonest) preEntryChecks.push('GUARANTEE');
  return {
    inspectionRate: Math.max(CLASS_INSPECTION_RATE[customsClass], GRADE_INSPECTION_FLOOR[grade]),
    simplifiedClearance: !dishonest && !onNegativeList && (grade === 'A' || grade === 'B'),
    preEntryChecks,
    basis: `customs class ${customsClass} (海关总署令第282号), credit grade ${grade}${onNegativeList ? ', on the negative list' : ''}`,
  };
}

function describe(record: MethodRecord): string {
  return `${record.occurredOn} ${record.authority}: ${record.evidence}`;
}

function latestBy<T>(items: T[], keyOf: (item: T) => string): T | undefined {
  return items.reduce<T | undefined>((latest, item) => (latest === undefined || keyOf(item) >= keyOf(latest) ? item : latest), undefined);
}

/** Rounds half away from zero to `places` decimals. */
export function round(value: number, places: number): number {
  const factor = 10 ** places;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor + Number.EPSILON)) / factor || 0;
}
