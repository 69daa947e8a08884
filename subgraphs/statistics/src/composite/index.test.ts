import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertData, assertError, cleared, enterpriseCaller, filed, gradeChanged, INDEX, regulator, riskChanged, startTestStatistics, statusChanged,
  TEST_NOW, trade, validUscc, type TestStatistics,
} from '../testing/statistics-harness';

/**
 * The worked example of INDEX.md, base period 2026-09, now 2026-11-25.
 *
 *   filed 2026-08-15: E1 … E4 (grade B, risk LOW: credit's baseline)
 *   2026-09-10 E1 grade B → A          2026-10-05 E2 grade B → C, E3 risk LOW → HIGH     2026-10-20 E4 risk LOW → MEDIUM
 *   September: D1 E1 IMPORT JP ch. 33 1000 (submitted → released in 4 h), D2 E2 EXPORT US ch. 85 1000 (8 h)
 *   October:   D3 E1 IMPORT JP ch. 33 3000 (2 h), D4 E3 IMPORT JP ch. 33 1000 (4 h), D5 released 1 h after it was declared
 */
const [E1, E2, E3, E4] = [9201, 9202, 9203, 9204].map(validUscc);
const D = ['d1', 'd2', 'd3', 'd4', 'd5'].map((_, i) => `00000000-0000-4000-8000-00000000000${i + 1}`);
const at = (time: string) => `${time}+08:00`;

let t: TestStatistics;

before(async () => {
  t = await startTestStatistics({ STATISTICS_INDEX_BASE_PERIOD: '2026-09' });
  for (const uscc of [E1, E2, E3, E4]) await t.publishAt(new Date(at('2026-08-15T10:00:00')), filed(uscc));
  await t.publishAt(new Date(at('2026-09-10T10:00:00')), gradeChanged(E1, 'B', 'A'));
  await t.publishAt(new Date(at('2026-10-05T10:00:00')), gradeChanged(E2, 'B', 'C'));
  await t.publishAt(new Date(at('2026-10-05T10:00:00')), riskChanged(E3, 'LOW', 'HIGH'));
  await t.publishAt(new Date(at('2026-10-20T10:00:00')), riskChanged(E4, 'LOW', 'MEDIUM'));
  await t.publish(
    statusChanged(D[0], E1, 'UNDER_REVIEW', 'SUBMITTED', at('2026-09-10T00:00:00')), statusChanged(D[0], E1, 'UNDER_REVIEW', 'RELEASED', at('2026-09-10T04:00:00')),
    cleared(E1, { declarationId: D[0], country: 'JP', valueCny: '1000.00', lines: [['33', '1000.00']], clearedAt: at('2026-09-10T10:00:00') }),
    statusChanged(D[1], E2, 'MATCHED', 'SUBMITTED', at('2026-09-12T00:00:00')), statusChanged(D[1], E2, 'UNDER_REVIEW', 'RELEASED', at('2026-09-12T08:00:00')),
    cleared(E2, { declarationId: D[1], direction: 'EXPORT', mode: 'MODE_9610', country: 'US', valueCny: '1000.00', lines: [['85', '1000.00']], clearedAt: at('2026-09-12T10:00:00') }),
    statusChanged(D[2], E1, 'MATCHED', 'SUBMITTED', at('2026-10-08T00:00:00')), statusChanged(D[2], E1, 'UNDER_REVIEW', 'RELEASED', at('2026-10-08T02:00:00')),
    // Sent again after receipt 4: the first submission still counts.
    statusChanged(D[2], E1, 'MATCHED', 'SUBMITTED', at('2026-10-08T01:00:00')),
    cleared(E1, { declarationId: D[2], country: 'JP', valueCny: '3000.00', clearedAt: at('2026-10-08T10:00:00') }),
    statusChanged(D[3], E3, 'MATCHED', 'SUBMITTED', at('2026-10-09T00:00:00')), statusChanged(D[3], E3, 'UNDER_REVIEW', 'RELEASED', at('2026-10-09T04:00:00')),
    cleared(E3, { declarationId: D[3], country: 'JP', valueCny: '1000.00', clearedAt: at('2026-10-09T10:00:00') }),
    statusChanged(D[4], E4, null, 'DECLARED', at('2026-10-09T00:00:00')), statusChanged(D[4], E4, 'INSPECTION', 'RELEASED', at('2026-10-09T01:00:00')),
  );
  await t.settle();
});

after(async () => {
  await t?.stop();
});

const ask = async (period: string, identity = regulator()) => assertData(await t.request(INDEX, { p: period }, identity)).compositeIndex;

describe('compositeIndex: worked example (INDEX.md)', () => {
  test('the base period is 100, every component at 100', async () => {
    const index = await ask('2026-09');
    assert.equal(index.value, 100);
    assert.deepEqual(index.components.map((c: { value: number }) => c.value), [100, 100, 100, 100, 100, 100]);
    assert.equal(index.basePeriod, '2026-09');
  });

  test('October: every component from its measure, weighted', async () => {
    const index = await ask('2026-10');
    assert.deepEqual(index.components, [
      { name: 'SCALE', weight: 0.3, value: 200, level: 4000, baseLevel: 2000 }, // CNY cleared
      { name: 'GROWTH', weight: 0.15, value: 200, level: 2, baseLevel: 1 }, // 1 + growth: +100 % on September; September had nothing to compare with
      { name: 'STRUCTURE', weight: 0.15, value: 0, level: 0, baseLevel: 0.5 }, // one country and one chapter against two even ones
      { name: 'EFFICIENCY', weight: 0.15, value: 300, level: 0.5, baseLevel: 0.166667 }, // 1 / median hours: 2 h against 6 h
      { name: 'CREDIT_QUALITY', weight: 0.15, value: 89.23, level: 72.5, baseLevel: 81.25 }, // grades A, C, B, B against A, B, B, B
      { name: 'RISK', weight: 0.1, value: 62.5, level: 0.625, baseLevel: 1 }, // one HIGH and one MEDIUM of four
    ]);
    // 0.3 × 200 + 0.15 × 200 + 0.15 × 0 + 0.15 × 300 + 0.15 × 89.2308 + 0.1 × 62.5
    assert.equal(index.value, 154.63);
  });
});

describe('compositeIndex: publication', () => {
  test('a closed month is published on first read and never changes silently', async () => {
    const first = await ask('2026-10');
    assert.equal(first.provisional, false);
    assert.equal(first.publishedAt, TEST_NOW.toISOString());
    await t.publish(cleared(E4, { country: 'DE', valueCny: '1000.00', clearedAt: at('2026-10-20T10:00:00') }));
    await t.settle();
    assert.equal((await trade(t, '2026-10-01', '2026-10-31'))[0].value, '5000.00', 'the statistics see the late declaration');
    assert.deepEqual(await ask('2026-10'), first, 'the published index does not');
    const [{ n }] = await t.sql`select count(*)::int as n from statistics.published_indices where period = '2026-10'`;
    assert.equal(n, 1);
  });

  test('the current month is provisional; a month not begun is null', async () => {
    const current = await ask('2026-11');
    assert.equal(current.provisional, true);
    assert.equal(current.publishedAt, null);
    assert.equal(await ask('2026-12'), null);
    const [{ n }] = await t.sql`select count(*)::int as n from statistics.published_indices where period = '2026-11'`;
    assert.equal(n, 0);
  });

  test('a closed month is not published while the consumer is behind the log; it answers provisional until it caught up', async () => {
    await t.statistics.consumer.stop();
    await t.publish(cleared(E1, { country: 'JP', valueCny: '10.00', clearedAt: at('2026-11-30T10:00:00') }));
    t.now = new Date(at('2026-12-02T09:00:00'));
    try {
      const early = await ask('2026-11');
      assert.equal(early.provisional, true);
      assert.equal((await t.sql`select 1 from statistics.published_indices where period = '2026-11'`).length, 0);
    } finally {
      await t.statistics.consumer.start();
    }
    await t.settle();
    const published = await ask('2026-11');
    assert.equal(published.provisional, false);
    assert.equal(published.components[0].level, 10, 'November\'s trade, counted before publication');
  });

  test('the publish job publishes the last closed month once', async () => {
    t.now = new Date(at('2027-01-05T09:00:00'));
    try {
      assert.equal(await t.statistics.services.index.publishLastClosed(), '2026-12');
      assert.equal(await t.statistics.services.index.publishLastClosed(), null);
      const [row] = await t.sql`select published_by from statistics.published_indices where period = '2026-12'`;
      assert.equal(row.published_by, 'publish job');
    } finally {
      t.now = TEST_NOW;
    }
  });
});

describe('compositeIndex: callers and inputs', () => {
  test('an aggregate: every authenticated caller reads it', async () => {
    assert.equal((await ask('2026-10', enterpriseCaller(E2))).value, 154.63);
  });

  test('no caller: UNAUTHENTICATED', async () => {
    assertError(await t.request(INDEX, { p: '2026-10' }), 'UNAUTHENTICATED');
  });

  test('a period that is not a month is BAD_USER_INPUT on period', async () => {
    assertError(await t.request(INDEX, { p: '2026-Q4' }, regulator()), 'BAD_USER_INPUT', 'period');
    assertError(await t.request(INDEX, { p: '2026-13' }, regulator()), 'BAD_USER_INPUT', 'period');
  });
});
