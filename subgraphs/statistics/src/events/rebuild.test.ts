import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  amended, assertData, cleared, filed, gradeChanged, INDEX, RECORD_TARGET, regulator, revoked, riskChanged, snapshot, startTestStatistics,
  statusChanged, trade, validUscc, type TestStatistics,
} from '../testing/statistics-harness';
import { CONSUMER_NAME } from './statistics.consumer';

/**
 * The log, replayed from seq 0, rebuilds exactly what the consumer built incrementally; events
 * delivered again change nothing; a corrected clearance replaces the first one instead of adding.
 */
const [E1, E2, E3] = [9401, 9402, 9403].map(validUscc);
const X1 = '00000000-0000-4000-8000-0000000000a1';
const X2 = '00000000-0000-4000-8000-0000000000a2';
const X3 = '00000000-0000-4000-8000-0000000000a3';
const at = (time: string) => `${time}+08:00`;
const ALL_DIMENSIONS = ['DIRECTION', 'MODE', 'REGION', 'COUNTRY', 'HS_CHAPTER', 'ENTERPRISE_ROLE'];

let t: TestStatistics;

before(async () => {
  t = await startTestStatistics({ STATISTICS_INDEX_BASE_PERIOD: '2026-10' });
  await t.publish(
    filed(E1, { region: 'ZHENGZHOU', roles: ['ECOMMERCE_ENTERPRISE'] }),
    statusChanged(X1, E1, 'MATCHED', 'SUBMITTED', at('2026-10-10T00:00:00')),
    statusChanged(X1, E1, 'UNDER_REVIEW', 'RELEASED', at('2026-10-10T03:00:00')),
    cleared(E1, { declarationId: X1, country: 'JP', valueCny: '1000.00', clearedAt: at('2026-10-10T10:00:00') }),
    amended(E1, { region: 'LUOYANG', roles: ['ECOMMERCE_ENTERPRISE', 'MANUFACTURER'] }),
    cleared(E1, { declarationId: X2, direction: 'EXPORT', mode: 'MODE_9810', country: 'US', currency: 'USD', valueCny: '500.00', lines: [['94', '500.00']], clearedAt: at('2026-10-11T10:00:00') }),
    // Corrected figures for X1: another value, other lines, another day; then the same correction once more.
    cleared(E1, { declarationId: X1, country: 'JP', valueCny: '1200.00', lines: [['33', '700.00'], ['61', '500.00']], clearedAt: at('2026-11-02T10:00:00') }),
    cleared(E1, { declarationId: X1, country: 'JP', valueCny: '1200.00', lines: [['33', '700.00'], ['61', '500.00']], clearedAt: at('2026-11-02T10:00:00') }),
    filed(E2, { region: 'KAIFENG', roles: ['LOGISTICS'] }),
    gradeChanged(E2, 'B', 'A'),
    riskChanged(E2, 'LOW', 'HIGH'),
    revoked(E2),
    // Credit speaks of E3 before its filing reaches statistics: E3 joins the population graded C.
    gradeChanged(E3, 'B', 'C'),
    filed(E3, { region: 'NANYANG', roles: ['PAYMENT'] }),
    cleared(E3, { declarationId: X3, direction: 'IMPORT', mode: 'MODE_1239', country: 'HK', currency: 'HKD', valueCny: '80.00', lines: [['95', '80.00']], clearedAt: at('2026-11-03T10:00:00') }),
    cleared(E3, { valueCny: 'not money', clearedAt: at('2026-11-03T10:00:00') }),
  );
  await t.settle();
});

after(async () => {
  await t?.stop();
});

describe('a corrected clearance replaces the earlier figures', () => {
  test('X1 counts once, in November, with its corrected value and lines', async () => {
    const months = await trade(t, '2026-10-01', '2026-11-30', 'MONTH', ['HS_CHAPTER']);
    assert.deepEqual(months.map((r) => [r.period, r.dimensions[0].value, r.count, r.value]), [
      ['2026-10', '94', 1, '500.00'], // X2 only: X1 left October
      ['2026-11', '33', 1, '700.00'],
      ['2026-11', '61', 1, '500.00'],
      ['2026-11', '95', 1, '80.00'],
    ]);
    const [{ n }] = await t.sql`select count(*)::int as n from statistics.trade_facts`;
    assert.equal(n, 3);
  });

  test('it is attributed as its enterprise is filed when it is counted again', async () => {
    const regions = await trade(t, '2026-10-01', '2026-11-30', 'MONTH', ['REGION', 'ENTERPRISE_ROLE']);
    assert.deepEqual(regions.map((r) => [r.period, r.dimensions[0].value, r.dimensions[1].value, r.value]), [
      ['2026-10', 'LUOYANG', 'ECOMMERCE_ENTERPRISE', '500.00'],
      ['2026-10', 'LUOYANG', 'MANUFACTURER', '500.00'],
      ['2026-11', 'LUOYANG', 'ECOMMERCE_ENTERPRISE', '1200.00'],
      ['2026-11', 'LUOYANG', 'MANUFACTURER', '1200.00'],
      ['2026-11', 'NANYANG', 'PAYMENT', '80.00'],
    ]);
  });

  test('no rollup row is left at zero', async () => {
    const [{ n }] = await t.sql`select count(*)::int as n from statistics.trade_daily where declarations = 0 or value_cny = 0`;
    assert.equal(n, 0);
  });
});

describe('replaying the log', () => {
  test('rebuild from seq 0 equals the incremental result, table by table and answer by answer', async () => {
    // Not derived from the log: a published index and a regulator's entry must survive the rebuild.
    assertData(await t.request(INDEX, { p: '2026-10' }, regulator()));
    assertData(await t.request(RECORD_TARGET, { key: 'DEMONSTRATION_PARKS', actual: '7', asOf: '2026-11-20' }, regulator()));
    const incremental = await snapshot(t.sql);
    const answers = await trade(t, '2026-10-01', '2026-11-30', 'DAY', ALL_DIMENSIONS);
    assert.ok(incremental.population_daily.length > 0 && incremental.trade_daily.length > 0, 'the scenario fills the tables');

    const applied = await t.statistics.rebuild();
    assert.equal(applied, 16, 'every consumed event applied again');
    assert.deepEqual(await snapshot(t.sql), incremental);
    assert.deepEqual(await trade(t, '2026-10-01', '2026-11-30', 'DAY', ALL_DIMENSIONS), answers);
    const [{ kept }] = await t.sql`select (select count(*) from statistics.published_indices)::int + (select count(*) from statistics.target_entries)::int as kept`;
    assert.equal(kept, 2);
  });

  test('the population moved with filings, grades and revocation: E1 B, E3 C, E2 gone', async () => {
    const rows = await t.sql`select kind, class, sum(delta)::int as n from statistics.population_daily group by kind, class having sum(delta) <> 0 order by 1, 2`;
    assert.deepEqual(rows.map((r) => [r.kind, r.class, r.n]), [['GRADE', 'B', 1], ['GRADE', 'C', 1], ['RISK', 'LOW', 2]]);
  });
});

describe('consuming again', () => {
  test('events redelivered with their ids already processed are skipped by id', async () => {
    const before = await snapshot(t.sql);
    await t.statistics.consumer.stop();
    try {
      await t.sql`update statistics.consumer_offsets set seq = 0 where consumer = ${CONSUMER_NAME}`;
      assert.equal(await t.statistics.consumer.drain(), 0);
    } finally {
      await t.statistics.consumer.start();
    }
    assert.deepEqual(await snapshot(t.sql), before);
  });

  test('even with the processed ids forgotten, applying every event again changes nothing (each handler is idempotent)', async () => {
    const before = await snapshot(t.sql);
    await t.statistics.consumer.stop();
    try {
      await t.sql`delete from statistics.processed_events where consumer = ${CONSUMER_NAME}`;
      await t.sql`update statistics.consumer_offsets set seq = 0 where consumer = ${CONSUMER_NAME}`;
      assert.equal(await t.statistics.consumer.drain(), 16);
    } finally {
      await t.statistics.consumer.start();
    }
    assert.deepEqual(await snapshot(t.sql), before);
  });
});
