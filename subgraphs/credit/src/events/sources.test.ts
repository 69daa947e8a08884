import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  busEvents, daysAgo, filedEvent, profileOf, saicObserved, startTestCredit, taxRatingObserved, today, validUscc, type TestCredit,
} from '../testing/credit-harness';

let credit: TestCredit;
let seed = 5000;
async function filed(): Promise<string> {
  const uscc = validUscc(seed++);
  await credit.file(uscc);
  return uscc;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const sources = (profile: Record<string, any>) => profile.factors.map((f: { source: string }) => f.source);
const abnormal = (listedOn: string, removedOn: string | null = null) =>
  ({ list: 'ABNORMAL_OPERATIONS' as const, reason: '通过登记的住所或者经营场所无法联系', listedOn, removedOn, authority: '郑州市市场监督管理局' });

before(async () => {
  credit = await startTestCredit();
});

after(async () => {
  await credit?.stop();
});

describe('registry filings', () => {
  test('a filing event creates the projection and the baseline profile (B, 80), with no grade event', async () => {
    const uscc = validUscc(seed++);
    await credit.publish(filedEvent(uscc, '郑州信用投影测试有限公司'));
    await credit.settle();
    const [row] = await credit.sql`select name, filing_status from credit.enterprises where uscc = ${uscc}`;
    assert.deepEqual({ ...row }, { name: '郑州信用投影测试有限公司', filing_status: 'ACTIVE' });
    const profile = await profileOf(credit, uscc);
    assert.equal(profile.grade, 'B');
    assert.equal(profile.score, 80);
    assert.deepEqual(profile.history.map((h: { from: string | null; to: string }) => [h.from, h.to]), [[null, 'B']]);
    assert.equal((await busEvents(credit.sql, 'credit.profile.grade-changed', uscc)).length, 0);
  });

  test('amendment and revocation update the projection; an older event than the row reflects changes nothing', async () => {
    const uscc = await filed();
    await credit.publish({ type: 'registry.enterprise.amended', subject: uscc, actor: 'r', data: {
      uscc, name: '改名后有限公司', customsCode: '4101960099', region: 'ZHENGZHOU', roles: ['LOGISTICS'], filingStatus: 'AMENDED', changed: ['name'],
    } });
    await credit.publish({ type: 'registry.enterprise.revoked', subject: uscc, actor: 'r', data: { uscc, customsCode: '4101960099', reason: '注销', filingStatus: 'REVOKED' } });
    await credit.settle();
    const [row] = await credit.sql`select name, customs_code, filing_status from credit.enterprises where uscc = ${uscc}`;
    assert.deepEqual({ ...row }, { name: '改名后有限公司', customs_code: '4101960099', filing_status: 'REVOKED' });
  });
});

describe('SAIC publicity lists and tax ratings', () => {
  test('an SAIC abnormal-operations entry adds an SAIC factor and a warning; its removal restores the profile', async () => {
    const uscc = await filed();
    await credit.publish(saicObserved(uscc, [abnormal(daysAgo(40))]));
    await credit.settle();
    let profile = await profileOf(credit, uscc);
    assert.deepEqual(sources(profile), ['BASE', 'SAIC']);
    assert.equal(profile.factors[1].contribution, -15);
    assert.match(profile.factors[1].evidence, /无法联系/);
    assert.equal(profile.score, 65);
    assert.equal(profile.grade, 'C');
    assert.equal(profile.riskClass, 'MEDIUM');

    await credit.publish(saicObserved(uscc, [abnormal(daysAgo(40), daysAgo(1))]));
    await credit.settle();
    profile = await profileOf(credit, uscc);
    assert.deepEqual(sources(profile), ['BASE']);
    assert.equal(profile.grade, 'B');
    assert.equal(profile.riskClass, 'LOW');
    const records = await credit.sql`select kind, ended_on::text as ended_on from credit.records where uscc = ${uscc}`;
    assert.deepEqual(records.map((r) => ({ ...r })), [{ kind: 'SAIC_ABNORMAL_OPERATIONS', ended_on: daysAgo(1) }]);
  });

  test('an SAIC entry missing from a later observation ends that day', async () => {
    const uscc = await filed();
    await credit.publish(saicObserved(uscc, [{ ...abnormal(daysAgo(90)), list: 'SERIOUS_VIOLATIONS' }]));
    await credit.settle();
    assert.equal((await profileOf(credit, uscc)).customsClass, 'DISHONEST');
    await credit.publish(saicObserved(uscc, []));
    await credit.settle();
    const profile = await profileOf(credit, uscc);
    assert.equal(profile.customsClass, 'REGULAR');
    assert.equal(profile.grade, 'B');
    const [record] = await credit.sql`select ended_on::text as ended_on from credit.records where uscc = ${uscc}`;
    assert.equal(record.ended_on, today());
  });

  test('tax ratings change the TAX factor and taxRating; the latest year counts', async () => {
    const uscc = await filed();
    await credit.publish(taxRatingObserved(uscc, 'A', 2024, 95));
    await credit.settle();
    let profile = await profileOf(credit, uscc);
    assert.equal(profile.taxRating, 'A');
    assert.deepEqual(sources(profile), ['BASE', 'TAX']);
    assert.equal(profile.score, 90);
    assert.equal(profile.grade, 'A');
    assert.match(profile.factors[1].evidence, /tax credit rating A for 2024 \(95 points\)/);

    await credit.publish(taxRatingObserved(uscc, 'D', 2025, 31.5));
    await credit.settle();
    profile = await profileOf(credit, uscc);
    assert.equal(profile.taxRating, 'D');
    assert.equal(profile.score, 50);
    assert.equal(profile.grade, 'C');
    assert.equal(profile.riskClass, 'MEDIUM');
    const graded = await busEvents(credit.sql, 'credit.profile.grade-changed', uscc);
    assert.deepEqual(graded.map((e) => [e.data.from, e.data.to]), [['B', 'A'], ['A', 'C']]);

    // A re-rating of the same year replaces it rather than adding a record.
    await credit.publish(taxRatingObserved(uscc, 'B', 2025, 75));
    await credit.settle();
    profile = await profileOf(credit, uscc);
    assert.equal(profile.taxRating, 'B');
    assert.equal(profile.score, 85);
    const [{ n }] = await credit.sql`select count(*)::int as n from credit.records where uscc = ${uscc} and kind = 'TAX_RATING'`;
    assert.equal(n, 2);
  });

  test('facts reported before the filing reached credit count from the filing on', async () => {
    const uscc = validUscc(seed++);
    await credit.publish(taxRatingObserved(uscc, 'C', 2025));
    await credit.settle();
    const [none] = await credit.sql`select count(*)::int as n from credit.profiles where uscc = ${uscc}`;
    assert.equal(none.n, 0);
    await credit.file(uscc);
    const profile = await profileOf(credit, uscc);
    assert.equal(profile.taxRating, 'C');
    assert.equal(profile.score, 65);
  });
});

describe('idempotent consumption', () => {
  test('a redelivered event (offset lost) and a replay of the whole log change nothing', async () => {
    const uscc = await filed();
    const saic = await credit.publish(saicObserved(uscc, [abnormal(daysAgo(5))]));
    await credit.publish(taxRatingObserved(uscc, 'C', 2025));
    await credit.settle();
    const snapshot = async () => {
      const [row] = await credit.sql`
        select (select count(*)::int from credit.records where uscc = ${uscc}) as records,
               (select count(*)::int from credit.grade_changes where uscc = ${uscc}) as history,
               (select count(*)::int from credit.risk_warnings where uscc = ${uscc}) as warnings,
               (select count(*)::int from bus.events where subject = ${uscc} and type like 'credit.%') as events,
               (select grade || ' ' || score from credit.profiles where uscc = ${uscc}) as profile`;
      return { ...row };
    };
    const before = await snapshot();
    assert.deepEqual({ ...before, events: undefined }, { records: 2, history: 2, warnings: 2, events: undefined, profile: 'C 50.00' });

    // At least once: the offset goes back; processed event ids make the redelivery a no-op.
    await credit.sql`update credit.consumer_offsets set seq = ${(saic.seq - 1n).toString()} where consumer = 'credit-sources'`;
    await credit.settle();
    assert.deepEqual(await snapshot(), before);

    // Even without the processed ids (a rebuild from seq 0), each handler is idempotent on its own.
    await credit.credit.consumer.resetToStart();
    await credit.settle();
    assert.deepEqual(await snapshot(), before);
  });
});
