import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertData, assertError, busEvents, creditEvent, daysAgo, enterpriseCaller, partnerCaller, profileOf, RECORD, regulator,
  RISK_WARNINGS, startTestCredit, tableCounts, today, validUscc, type TestCredit,
} from '../testing/credit-harness';

let credit: TestCredit;
let seed = 100;
/** A fresh filed enterprise (filed by a real registry.enterprise.filed event on the bus). */
async function filed(): Promise<string> {
  const uscc = validUscc(seed++);
  await credit.file(uscc);
  return uscc;
}

before(async () => {
  credit = await startTestCredit();
});

after(async () => {
  await credit?.stop();
});

describe('recordCreditEvent', () => {
  test('a serious violation drops the grade to D, makes the class SERIOUSLY_DISHONEST and raises the inspection rate to 100%', async () => {
    const uscc = await filed();
    const before = await profileOf(credit, uscc);
    assert.equal(before.grade, 'B');
    assert.equal(before.score, 80);
    assert.equal(before.supervision.inspectionRate, 0.05);
    assert.equal(before.supervision.simplifiedClearance, true);

    const recorded = assertData(await credit.request(RECORD, {
      input: creditEvent(uscc, 'SERIOUS_VIOLATION', { evidence: '郑关缉违字〔2026〕88号 走私普通货物' }),
    }, regulator())).recordCreditEvent;
    assert.equal(recorded.kind, 'SERIOUS_VIOLATION');
    assert.equal(recorded.source, 'REGULATOR');
    assert.equal(recorded.occurredOn, today());
    assert.equal(recorded.recordedBy, 'regulator-1');

    const afterwards = await profileOf(credit, uscc);
    assert.equal(afterwards.grade, 'D');
    assert.equal(afterwards.customsClass, 'SERIOUSLY_DISHONEST');
    assert.equal(afterwards.score, 40);
    assert.equal(afterwards.supervision.inspectionRate, 1);
    assert.equal(afterwards.supervision.simplifiedClearance, false);
    assert.deepEqual(afterwards.supervision.preEntryChecks, ['DOCUMENT_REVIEW', 'GUARANTEE']);
    assert.equal(afterwards.riskClass, 'HIGH');
    assert.deepEqual(afterwards.factors.map((f: { kind: string; contribution: number }) => [f.kind, f.contribution]), [['BASE', 80], ['SERIOUS_VIOLATION', -40]]);
    assert.equal(afterwards.factors[1].recordId, recorded.id);
    assert.match(afterwards.factors[1].evidence, /郑关缉违字〔2026〕88号/);
    assert.deepEqual(afterwards.history.map((h: { from: string; to: string }) => [h.from, h.to]), [[null, 'B'], ['B', 'D']]);
    assert.match(afterwards.history[1].cause, /SERIOUS_VIOLATION recorded by 郑州海关/);
  });

  test('the grade change and the risk class change are published in the same transaction as the record', async () => {
    const uscc = await filed();
    const recorded = assertData(await credit.request(RECORD, { input: creditEvent(uscc, 'SMUGGLING') }, regulator())).recordCreditEvent;
    const [graded] = await busEvents(credit.sql, 'credit.profile.grade-changed', uscc);
    assert.deepEqual(graded.data, {
      uscc, from: 'B', to: 'D', previousCustomsClass: 'REGULAR', customsClass: 'SERIOUSLY_DISHONEST', score: 20,
      inspectionRate: 1, simplifiedClearance: false, cause: `SMUGGLING recorded by 郑州海关 (record ${recorded.id})`,
    });
    assert.equal(graded.actor, 'regulator-1');
    const [risk] = await busEvents(credit.sql, 'credit.risk.class-changed', uscc);
    assert.deepEqual({ ...risk.data, cause: undefined }, { uscc, from: 'LOW', to: 'HIGH', warnings: ['SERIOUS_VIOLATION', 'LOW_CREDIT_GRADE'], cause: undefined });
    // One transaction: the record, the profile and both events commit with consecutive xmin.
    const [row] = await credit.sql`
      select (select xmin::text from credit.records where id = ${recorded.id}) as record,
             (select xmin::text from credit.profiles where uscc = ${uscc}) as profile,
             (select xmin::text from bus.events where id = ${graded.id}) as graded,
             (select xmin::text from bus.events where id = ${risk.id}) as risk`;
    assert.equal(new Set(Object.values(row)).size, 1, JSON.stringify(row));
  });

  test('an old penalty counts less than a new one (decay) and does not change the grade', async () => {
    const uscc = await filed();
    assertData(await credit.request(RECORD, { input: creditEvent(uscc, 'PENALTY', { occurredOn: daysAgo(365) }) }, regulator()));
    const profile = await profileOf(credit, uscc);
    assert.deepEqual(profile.factors.map((f: { kind: string; weight: number; contribution: number }) => [f.kind, f.weight, f.contribution]),
      [['BASE', 1, 80], ['PENALTY', 0.5, -5]]);
    assert.equal(profile.score, 75);
    assert.equal(profile.grade, 'B');
    assert.equal((await busEvents(credit.sql, 'credit.profile.grade-changed', uscc)).length, 0);
    const [due] = await credit.sql`select refresh_due_at is not null as due from credit.profiles where uscc = ${uscc}`;
    assert.equal(due.due, true);
  });

  test('a CERTIFICATION grants its level; a later revocation takes it back', async () => {
    const uscc = await filed();
    const certified = assertData(await credit.request(RECORD, {
      input: creditEvent(uscc, 'CERTIFICATION', { occurredOn: daysAgo(30), certificationLevel: 'ADVANCED_CERTIFIED', evidence: 'AEO 高级认证 CN4101000001' }),
    }, regulator())).recordCreditEvent;
    assert.equal(certified.certificationLevel, 'ADVANCED_CERTIFIED');
    let profile = await profileOf(credit, uscc);
    assert.equal(profile.customsClass, 'ADVANCED_CERTIFIED');
    assert.equal(profile.score, 90);
    assert.equal(profile.grade, 'A');
    assert.equal(profile.supervision.inspectionRate, 0.01);
    assertData(await credit.request(RECORD, { input: creditEvent(uscc, 'CERTIFICATION_REVOKED') }, regulator()));
    profile = await profileOf(credit, uscc);
    assert.equal(profile.customsClass, 'REGULAR');
    assert.equal(profile.grade, 'B');
  });

  test('riskWarnings lists the open warnings with the evidence that raised them, for regulators only', async () => {
    const uscc = await filed();
    assertData(await credit.request(RECORD, { input: creditEvent(uscc, 'SERIOUS_VIOLATION', { evidence: '郑关缉违字〔2026〕99号' }) }, regulator()));
    const warnings = assertData(await credit.request(RISK_WARNINGS, { first: 100 }, regulator())).riskWarnings;
    const own = warnings.edges.map((e: { node: { uscc: string } }) => e.node).filter((w: { uscc: string }) => w.uscc === uscc);
    assert.deepEqual(own.map((w: { kind: string; severity: string }) => [w.kind, w.severity]).sort(), [['LOW_CREDIT_GRADE', 'HIGH'], ['SERIOUS_VIOLATION', 'HIGH']]);
    assert.ok(own.some((w: { evidence: string }) => w.evidence.includes('郑关缉违字〔2026〕99号')));
    assert.equal(own[0].enterprise.uscc, uscc);
    assertError(await credit.request(RISK_WARNINGS, {}, enterpriseCaller(uscc)), 'FORBIDDEN');
    assertError(await credit.request(RISK_WARNINGS, {}, partnerCaller(validUscc(9999), ['credit:write'])), 'FORBIDDEN');
  });
});

describe('recordCreditEvent refuses', () => {
  test('callers other than regulators with credit:write: FORBIDDEN, and nothing is written', async () => {
    const uscc = await filed();
    const before = await tableCounts(credit.sql);
    assertError(await credit.request(RECORD, { input: creditEvent(uscc, 'COMMENDATION') }, enterpriseCaller(uscc, ['credit:write'])), 'FORBIDDEN');
    assertError(await credit.request(RECORD, { input: creditEvent(uscc, 'PENALTY') }, partnerCaller(validUscc(9998), ['credit:write'])), 'FORBIDDEN');
    assertError(await credit.request(RECORD, { input: creditEvent(uscc, 'PENALTY') }, enterpriseCaller(validUscc(9997))), 'FORBIDDEN');
    assertError(await credit.request(RECORD, { input: creditEvent(uscc, 'PENALTY') }), 'UNAUTHENTICATED');
    assert.deepEqual(await tableCounts(credit.sql), before);
  });

  const invalid: [string, (uscc: string) => Record<string, unknown>, string][] = [
    ['a malformed USCC', (uscc) => ({ uscc: `${uscc.slice(0, 17)}${uscc[17] === '0' ? '1' : '0'}` }), 'input.uscc'],
    ['an enterprise that is not filed', () => ({ uscc: validUscc(77_777) }), 'input.uscc'],
    ['a blank authority', () => ({ authority: '   ' }), 'input.authority'],
    ['a date in the future', () => ({ occurredOn: '2999-01-01' }), 'input.occurredOn'],
    ['a blank evidence', () => ({ evidence: '' }), 'input.evidence'],
    ['an evidence over 2000 characters', () => ({ evidence: '证'.repeat(2001) }), 'input.evidence'],
    ['a CERTIFICATION without its level', () => ({ kind: 'CERTIFICATION' }), 'input.certificationLevel'],
    ['a level on another kind', () => ({ kind: 'PENALTY', certificationLevel: 'CERTIFIED' }), 'input.certificationLevel'],
  ];
  for (const [what, change, field] of invalid) {
    test(`${what}: BAD_USER_INPUT at ${field}, nothing written`, async () => {
      const uscc = await filed();
      const before = await tableCounts(credit.sql);
      assertError(await credit.request(RECORD, { input: { ...creditEvent(uscc, 'PENALTY'), ...change(uscc) } }, regulator()), 'BAD_USER_INPUT', field);
      assert.deepEqual(await tableCounts(credit.sql), before);
    });
  }

  test('an impossible calendar date is refused by the Date scalar', async () => {
    const uscc = await filed();
    const response = await credit.request(RECORD, { input: creditEvent(uscc, 'PENALTY', { occurredOn: '2026-02-30' }) }, regulator());
    assert.equal(response.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(response.errors));
    assert.match(response.errors![0].message, /YYYY-MM-DD/);
  });
});
