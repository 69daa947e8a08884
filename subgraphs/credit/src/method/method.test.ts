import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays } from './dates';
import { assess, type MethodInputs, type MethodRecord, type RecordKind } from './method';

/** The worked examples of METHOD.md, all on this day. */
const TODAY = '2026-11-25';

let seq = 0;
function record(kind: RecordKind, occurredOn: string, overrides: Partial<MethodRecord> = {}): MethodRecord {
  seq += 1;
  const source = kind.startsWith('SAIC_') ? 'SAIC' : kind === 'TAX_RATING' ? 'TAX' : kind.startsWith('CLEARANCE_') ? 'CLEARANCE' : 'REGULATOR';
  return { id: `r${String(seq).padStart(3, '0')}`, source, kind, authority: '郑州海关', occurredOn, endedOn: null, evidence: `${kind} evidence`, detail: {}, ...overrides };
}
const taxRating = (rating: string, year = 2025) => record('TAX_RATING', '2026-04-10', { authority: '国家税务总局河南省税务局', detail: { rating, year, score: null } });
const inputs = (...records: MethodRecord[]): MethodInputs => ({ records, listing: null });
const contributions = (result: ReturnType<typeof assess>) => result.factors.map((f) => [f.kind, f.weight, f.contribution]);
const sum = (result: ReturnType<typeof assess>) => Math.round(result.factors.reduce((total, f) => total + f.contribution, 0) * 100) / 100;

describe('METHOD.md worked examples', () => {
  test('1. a newly filed enterprise with nothing known is 80 points, B, REGULAR, 5% inspection, LOW risk', () => {
    const result = assess(inputs(), TODAY);
    assert.equal(result.score, 80);
    assert.equal(result.grade, 'B');
    assert.equal(result.customsClass, 'REGULAR');
    assert.equal(result.taxRating, null);
    assert.deepEqual(contributions(result), [['BASE', 1, 80]]);
    assert.deepEqual(result.supervision, {
      inspectionRate: 0.05, simplifiedClearance: true, preEntryChecks: [], basis: 'customs class REGULAR (海关总署令第282号), credit grade B',
    });
    assert.equal(result.riskClass, 'LOW');
    assert.deepEqual(result.warnings, []);
    assert.equal(result.decays, false);
  });

  test('2. tax A, CERTIFIED and a year-old commendation: 97.5, A, CERTIFIED, 2% inspection', () => {
    const result = assess(inputs(taxRating('A'), record('CERTIFICATION', '2026-02-01', { detail: { level: 'CERTIFIED' } }), record('COMMENDATION', '2025-11-25')), TODAY);
    assert.deepEqual(contributions(result), [['BASE', 1, 80], ['TAX_RATING', 1, 10], ['CERTIFICATION', 1, 5], ['COMMENDATION', 0.5, 2.5]]);
    assert.equal(result.score, 97.5);
    assert.equal(result.grade, 'A');
    assert.equal(result.customsClass, 'CERTIFIED');
    assert.equal(result.taxRating, 'A');
    assert.equal(result.supervision.inspectionRate, 0.02);
    assert.equal(result.supervision.simplifiedClearance, true);
    assert.equal(result.riskClass, 'LOW');
  });

  test('3. a penalty one half-life old counts half and a violation two half-lives old a quarter: 76.25, B', () => {
    const result = assess(inputs(record('PENALTY', '2025-11-25'), record('VIOLATION', '2024-11-25'), taxRating('B')), TODAY);
    assert.deepEqual(contributions(result), [['BASE', 1, 80], ['PENALTY', 0.5, -5], ['TAX_RATING', 1, 5], ['VIOLATION', 0.25, -3.75]]);
    assert.equal(result.score, 76.25);
    assert.equal(result.grade, 'B');
    assert.equal(result.customsClass, 'REGULAR');
    assert.equal(result.riskClass, 'LOW');
    assert.equal(result.decays, true);
  });

  test('4. a second penalty within 365 days makes the class DISHONEST: 67.33, C, 80% inspection, document review and guarantee', () => {
    const result = assess(inputs(record('PENALTY', '2025-11-25'), record('VIOLATION', '2024-11-25'), taxRating('B'), record('PENALTY', '2026-09-26')), TODAY);
    const second = result.factors.find((f) => f.kind === 'PENALTY' && f.weight !== 0.5)!;
    assert.equal(second.weight, 0.8923);
    assert.equal(second.contribution, -8.92);
    assert.equal(result.score, 67.33);
    assert.equal(result.customsClass, 'DISHONEST');
    assert.equal(result.grade, 'C');
    assert.deepEqual(result.supervision, {
      inspectionRate: 0.8, simplifiedClearance: false, preEntryChecks: ['DOCUMENT_REVIEW', 'GUARANTEE'],
      basis: 'customs class DISHONEST (海关总署令第282号), credit grade C',
    });
    assert.deepEqual(result.warnings.map((w) => [w.kind, w.severity]), [['REPEATED_VIOLATIONS', 'MEDIUM'], ['LOW_CREDIT_GRADE', 'MEDIUM']]);
    assert.equal(result.riskClass, 'MEDIUM');
  });

  test('5. a serious violation: 45 but D and 100% inspection; a year later 56.72 and still D; after 731 days 65.02 and C; after five years 85 and B', () => {
    const serious = record('SERIOUS_VIOLATION', TODAY, { evidence: '郑关缉违字〔2026〕88号' });
    const at = (day: string) => assess(inputs(taxRating('B'), { ...serious, occurredOn: day }), TODAY);

    const now = at(TODAY);
    assert.equal(now.score, 45);
    assert.equal(now.customsClass, 'SERIOUSLY_DISHONEST');
    assert.equal(now.grade, 'D');
    assert.equal(now.supervision.inspectionRate, 1);
    assert.equal(now.supervision.simplifiedClearance, false);
    assert.deepEqual(now.supervision.preEntryChecks, ['DOCUMENT_REVIEW', 'GUARANTEE']);
    assert.equal(now.riskClass, 'HIGH');
    assert.deepEqual(now.warnings.map((w) => w.kind), ['SERIOUS_VIOLATION', 'LOW_CREDIT_GRADE']);
    assert.match(now.warnings[0].evidence, /郑关缉违字〔2026〕88号/);

    const yearLater = at(addDays(TODAY, -365));
    assert.equal(yearLater.factors.find((f) => f.kind === 'SERIOUS_VIOLATION')!.weight, 0.7071);
    assert.equal(yearLater.score, 56.72);
    assert.equal(yearLater.grade, 'D');

    const repaired = at(addDays(TODAY, -731));
    assert.equal(repaired.factors.find((f) => f.kind === 'SERIOUS_VIOLATION')!.contribution, -19.98);
    assert.equal(repaired.score, 65.02);
    assert.equal(repaired.customsClass, 'REGULAR');
    assert.equal(repaired.grade, 'C');
    assert.equal(repaired.supervision.inspectionRate, 0.1);
    assert.equal(repaired.riskClass, 'MEDIUM');

    const expired = at(addDays(TODAY, -1826));
    assert.equal(expired.score, 85);
    assert.equal(expired.grade, 'B');
    assert.equal(expired.factors.some((f) => f.kind === 'SERIOUS_VIOLATION'), false);
  });

  test('6. SAIC and tax: 70 is B (inclusive threshold); removal restores 85; a serious-violations entry instead is DISHONEST and C', () => {
    const abnormal = record('SAIC_ABNORMAL_OPERATIONS', '2026-07-01', { authority: '郑州市市场监督管理局' });
    const listed = assess(inputs(taxRating('B'), abnormal), TODAY);
    assert.equal(listed.score, 70);
    assert.equal(listed.grade, 'B');
    assert.deepEqual(listed.factors.map((f) => f.source), ['BASE', 'SAIC', 'TAX']);
    assert.deepEqual(listed.warnings.map((w) => [w.kind, w.severity]), [['SAIC_ABNORMAL_OPERATIONS', 'MEDIUM']]);
    assert.equal(listed.riskClass, 'MEDIUM');

    const removed = assess(inputs(taxRating('B'), { ...abnormal, endedOn: '2026-10-01' }), TODAY);
    assert.equal(removed.score, 85);
    assert.equal(removed.riskClass, 'LOW');

    const serious = assess(inputs(taxRating('B'), record('SAIC_SERIOUS_VIOLATIONS', '2026-07-01')), TODAY);
    assert.equal(serious.score, 45);
    assert.equal(serious.customsClass, 'DISHONEST');
    assert.equal(serious.grade, 'C');
    assert.equal(serious.riskClass, 'HIGH');
  });

  test('7. the negative list: 30, D, 20% inspection and document review; delisted: 80 and B again', () => {
    const listed = assess({ records: [], listing: { id: '7', reason: '伪造交易数据', authority: '郑州市商务局', listedOn: '2026-11-20' } }, TODAY);
    assert.equal(listed.score, 30);
    assert.equal(listed.grade, 'D');
    assert.equal(listed.onNegativeList, true);
    assert.deepEqual(listed.supervision, {
      inspectionRate: 0.2, simplifiedClearance: false, preEntryChecks: ['DOCUMENT_REVIEW'],
      basis: 'customs class REGULAR (海关总署令第282号), credit grade D, on the negative list',
    });
    assert.equal(listed.riskClass, 'HIGH');
    assert.equal(listed.warnings[0].sourceRef, 'negative-list:7');

    const delisted = assess(inputs(), TODAY);
    assert.equal(delisted.grade, 'B');
    assert.equal(delisted.riskClass, 'LOW');
  });
});

describe('method rules', () => {
  test('the score is always the sum of its factors, clamped to 0..100', () => {
    const many = assess(inputs(...Array.from({ length: 4 }, () => record('SMUGGLING', TODAY))), TODAY);
    assert.equal(sum(many), 80 - 240);
    assert.equal(many.score, 0);
    const best = assess(inputs(taxRating('A'), record('CERTIFICATION', TODAY, { detail: { level: 'ADVANCED_CERTIFIED' } }), record('COMMENDATION', TODAY)), TODAY);
    assert.equal(sum(best), 105);
    assert.equal(best.score, 100);
    assert.equal(best.customsClass, 'ADVANCED_CERTIFIED');
    assert.equal(best.supervision.inspectionRate, 0.01);
  });

  test('a record past its window no longer counts, but one day inside still does', () => {
    assert.equal(assess(inputs(record('PENALTY', addDays(TODAY, -1095))), TODAY).factors.length, 2);
    assert.equal(assess(inputs(record('PENALTY', addDays(TODAY, -1096))), TODAY).factors.length, 1);
  });

  test('only the latest tax year counts, and a later revocation ends a certification', () => {
    const result = assess(inputs(taxRating('D', 2024), taxRating('B', 2025),
      record('CERTIFICATION', '2026-01-10', { detail: { level: 'ADVANCED_CERTIFIED' } }), record('CERTIFICATION_REVOKED', '2026-06-01')), TODAY);
    assert.equal(result.taxRating, 'B');
    assert.equal(result.customsClass, 'REGULAR');
    assert.equal(result.score, 85);
  });

  test('clearance rejections and mismatches within 30 days raise warnings once their thresholds are reached', () => {
    const rejections = [0, 3, 10].map((days) => record('CLEARANCE_REJECTED', addDays(TODAY, -days)));
    const result = assess(inputs(...rejections, ...[1, 2, 3, 4].map((d) => record('CLEARANCE_MISMATCH', addDays(TODAY, -d)))), TODAY);
    assert.deepEqual(result.warnings.map((w) => w.kind), ['CLEARANCE_REJECTIONS']);
    assert.equal(result.riskClass, 'MEDIUM');
    const quality = assess(inputs(record('QUALITY_RISK', addDays(TODAY, -10), { source: 'TRACEABILITY' })), TODAY);
    assert.equal(quality.riskClass, 'HIGH');
    assert.equal(quality.factors[1].source, 'TRACEABILITY');
  });
});
