import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertError, cleared, filed, regulator, startTestStatistics, trade, TRADE, validUscc, type TestStatistics,
} from '../testing/statistics-harness';

/**
 * Worked examples of every tradeStatistics figure, as a regulator sees them (no cells pooled).
 * Now is 2026-11-25 noon in Asia/Shanghai.
 *
 *   decl  enterprise  cleared (Shanghai)      direction mode  country currency value    lines
 *   a     E1          2025-10-10              IMPORT    1210  JP      CNY      1000.00  33: 600, 61: 400
 *   b     E1          2026-09-30 23:59:59     IMPORT    1210  JP      CNY      1000.00  33
 *   c     E2          2026-10-01 00:00:00     EXPORT    9610  US      USD       500.00  85
 *   d     E1          2026-10-15              EXPORT    9710  US      CNY      1500.00  85
 *   e     E2          2026-11-20 (Fri, W47)   IMPORT    1210  JP      CNY      2000.00  33
 *   f     E1          2026-11-22 23:59:59 Sun IMPORT    9610  KR      CNY       100.00  33
 *   g     E1          2026-11-23 00:00:00 Mon IMPORT    9610  KR      HKD        50.00  33
 *   h     E3 (never filed)  2026-01-15        IMPORT    1239  DE      EUR       300.00  95
 *
 * E1: ZHENGZHOU, ECOMMERCE_ENTERPRISE + ECOMMERCE_PLATFORM; E2: LUOYANG, ECOMMERCE_ENTERPRISE.
 */
const E1 = validUscc(9001);
const E2 = validUscc(9002);
const E3 = validUscc(9003);

let t: TestStatistics;

before(async () => {
  t = await startTestStatistics();
  await t.publish(
    filed(E1, { region: 'ZHENGZHOU', roles: ['ECOMMERCE_PLATFORM', 'ECOMMERCE_ENTERPRISE'] }),
    filed(E2, { region: 'LUOYANG', roles: ['ECOMMERCE_ENTERPRISE'] }),
    cleared(E1, { direction: 'IMPORT', mode: 'MODE_1210', country: 'JP', valueCny: '1000.00', lines: [['33', '600.00'], ['61', '400.00']], clearedAt: '2025-10-10T12:00:00+08:00' }),
    cleared(E1, { direction: 'IMPORT', mode: 'MODE_1210', country: 'JP', valueCny: '1000.00', clearedAt: '2026-09-30T15:59:59Z' }),
    cleared(E2, { direction: 'EXPORT', mode: 'MODE_9610', country: 'US', currency: 'USD', valueCny: '500.00', lines: [['85', '500.00']], clearedAt: '2026-09-30T16:00:00Z' }),
    cleared(E1, { direction: 'EXPORT', mode: 'MODE_9710', country: 'US', valueCny: '1500.00', lines: [['85', '1500.00']], clearedAt: '2026-10-15T10:00:00+08:00' }),
    cleared(E2, { direction: 'IMPORT', mode: 'MODE_1210', country: 'JP', valueCny: '2000.00', clearedAt: '2026-11-20T10:00:00+08:00' }),
    cleared(E1, { direction: 'IMPORT', mode: 'MODE_9610', country: 'KR', valueCny: '100.00', clearedAt: '2026-11-22T23:59:59+08:00' }),
    cleared(E1, { direction: 'IMPORT', mode: 'MODE_9610', country: 'KR', currency: 'HKD', valueCny: '50.00', clearedAt: '2026-11-23T00:00:00+08:00' }),
    cleared(E3, { direction: 'IMPORT', mode: 'MODE_1239', country: 'DE', currency: 'EUR', valueCny: '300.00', lines: [['95', '300.00']], clearedAt: '2026-01-15T10:00:00+08:00' }),
  );
  await t.settle();
});

after(async () => {
  await t?.stop();
});

const row = (period: string, count: number, value: string, growth: number | null, yearOnYear: number | null, settledInCnyShare: number | null) =>
  ({ period, count, value, growth, yearOnYear, settledInCnyShare });
const figures = (rows: Record<string, unknown>[]) =>
  rows.map(({ period, count, value, growth, yearOnYear, settledInCnyShare }) => ({ period, count, value, growth, yearOnYear, settledInCnyShare }));
const grouped = (rows: Record<string, any>[]) =>
  rows.map((r) => [r.period, ...r.dimensions.map((d: { value: string }) => d.value), r.count, r.value, r.growth, r.yearOnYear]);

describe('tradeStatistics: worked examples', () => {
  test('months: count, value, growth against the previous month and the same month a year earlier, CNY share; a month without trade has no row and makes growth null', async () => {
    const rows = await trade(t, '2025-10-01', '2026-11-30', 'MONTH');
    assert.deepEqual(figures(rows), [
      row('2025-10', 1, '1000.00', null, null, 1),
      row('2026-01', 1, '300.00', null, null, 0), // December 2025 had no trade: growth unknown
      row('2026-09', 1, '1000.00', null, null, 1), // nothing in August 2026, nor in September 2025
      row('2026-10', 2, '2000.00', 1, 1, 0.75), // 2000 / 1000 − 1 twice; 1500 of 2000 in CNY
      row('2026-11', 3, '2150.00', 0.075, null, 0.976744), // 1–25 Nov against 1–25 Oct (2000); 2100 of 2150 in CNY
    ]);
    assert.deepEqual([rows[4].from, rows[4].to], ['2026-11-01', '2026-11-25'], 'the current month counts up to today');
  });

  test('quarters: 23:59:59 on 30 September is Q3, midnight is Q4 (Asia/Shanghai)', async () => {
    assert.deepEqual(figures(await trade(t, '2026-07-01', '2026-12-31', 'QUARTER')), [
      row('2026-Q3', 1, '1000.00', null, null, 1),
      // Q4 so far (1 Oct – 25 Nov) against 1 Jul – 25 Aug (nothing) and 1 Oct – 25 Nov 2025 (a: 1000).
      row('2026-Q4', 5, '4150.00', null, 3.15, 0.86747),
    ]);
  });

  test('ISO weeks: Sunday 23:59:59 is in W47, Monday midnight in W48', async () => {
    assert.deepEqual(figures(await trade(t, '2026-11-16', '2026-11-29', 'WEEK')), [
      row('2026-W47', 2, '2100.00', null, null, 1),
      row('2026-W48', 1, '50.00', null, null, 0),
    ]);
  });

  test('days, with growth against the day before', async () => {
    assert.deepEqual(figures(await trade(t, '2026-09-30', '2026-10-01', 'DAY')), [
      row('2026-09-30', 1, '1000.00', null, null, 1),
      row('2026-10-01', 1, '500.00', -0.5, null, 0),
    ]);
  });

  test('a year, year-on-year against the same days of the previous year', async () => {
    assert.deepEqual(figures(await trade(t, '2026-01-01', '2026-12-31', 'YEAR')), [
      row('2026', 7, '5450.00', 4.45, 4.45, 0.844037), // 2025 (to 25 Nov) had a: 1000
    ]);
  });

  test('by direction and supervision mode, growth per cell', async () => {
    assert.deepEqual(grouped(await trade(t, '2026-10-01', '2026-11-30', 'MONTH', ['DIRECTION', 'MODE'])), [
      ['2026-10', 'EXPORT', 'MODE_9610', 1, '500.00', null, null],
      ['2026-10', 'EXPORT', 'MODE_9710', 1, '1500.00', null, null],
      ['2026-11', 'IMPORT', 'MODE_1210', 1, '2000.00', null, null],
      ['2026-11', 'IMPORT', 'MODE_9610', 2, '150.00', null, null],
    ]);
  });

  test('by region, from the registry projection; UNKNOWN for an enterprise never filed', async () => {
    assert.deepEqual(grouped(await trade(t, '2026-01-01', '2026-12-31', 'YEAR', ['REGION'])), [
      ['2026', 'LUOYANG', 2, '2500.00', null, null],
      ['2026', 'UNKNOWN', 1, '300.00', null, null],
      ['2026', 'ZHENGZHOU', 4, '2650.00', 1.65, 1.65],
    ]);
  });

  test('by HS chapter: each chapter with the value of its lines', async () => {
    assert.deepEqual(grouped(await trade(t, '2026-01-01', '2026-12-31', 'YEAR', ['HS_CHAPTER'])), [
      ['2026', '33', 4, '3150.00', 4.25, 4.25], // 2025 had 600 in chapter 33
      ['2026', '85', 2, '2000.00', null, null],
      ['2026', '95', 1, '300.00', null, null],
    ]);
    assert.deepEqual(grouped(await trade(t, '2025-10-01', '2025-10-31', 'MONTH', ['COUNTRY', 'HS_CHAPTER'])), [
      ['2025-10', 'JP', '33', 1, '600.00', null, null],
      ['2025-10', 'JP', '61', 1, '400.00', null, null],
    ]);
  });

  test('by enterprise role: an enterprise with two roles counts under both', async () => {
    assert.deepEqual(grouped(await trade(t, '2026-01-01', '2026-12-31', 'YEAR', ['ENTERPRISE_ROLE'])), [
      ['2026', 'ECOMMERCE_ENTERPRISE', 6, '5150.00', 4.15, 4.15],
      ['2026', 'ECOMMERCE_PLATFORM', 4, '2650.00', 1.65, 1.65],
      ['2026', 'UNKNOWN', 1, '300.00', null, null],
    ]);
  });

  test('dimensions come back in the order asked', async () => {
    const [first] = await trade(t, '2025-10-01', '2025-10-31', 'MONTH', ['HS_CHAPTER', 'DIRECTION']);
    assert.deepEqual(first.dimensions, [{ dimension: 'HS_CHAPTER', value: '33' }, { dimension: 'DIRECTION', value: 'IMPORT' }]);
  });

  test('granularity defaults to MONTH', async () => {
    const response = await t.request(`{ tradeStatistics(from: "2026-10-01", to: "2026-10-31") { period value } }`, {}, regulator());
    assert.deepEqual(response.data?.tradeStatistics, [{ period: '2026-10', value: '2000.00' }]);
  });

  test('a range after today has no rows yet', async () => {
    assert.deepEqual(await trade(t, '2026-12-01', '2026-12-31', 'MONTH'), []);
  });
});

describe('tradeStatistics: inputs', () => {
  const ask = (variables: Record<string, unknown>) => t.request(TRADE, variables, regulator());

  test('to before from is BAD_USER_INPUT on to', async () => {
    assertError(await ask({ from: '2026-11-01', to: '2026-10-01' }), 'BAD_USER_INPUT', 'to');
  });

  test('too many periods is BAD_USER_INPUT on granularity, naming the limit', async () => {
    const error = assertError(await ask({ from: '2025-01-01', to: '2026-11-25', g: 'DAY' }), 'BAD_USER_INPUT', 'granularity');
    assert.match(error.message, /at most 400/);
  });

  test('a dimension named twice is BAD_USER_INPUT on groupBy', async () => {
    assertError(await ask({ from: '2026-01-01', to: '2026-01-31', by: ['REGION', 'REGION'] }), 'BAD_USER_INPUT', 'groupBy');
  });

  test('no caller, no statistics', async () => {
    assertError(await t.request(TRADE, { from: '2026-01-01', to: '2026-01-31' }), 'UNAUTHENTICATED');
  });

  test('a cleared event statistics cannot read is logged and not counted; the consumer carries on', async () => {
    const broken = cleared(E1, { valueCny: '12.345', clearedAt: '2026-11-24T10:00:00+08:00' });
    await t.publish(broken, cleared(E1, { valueCny: '1.00', clearedAt: '2026-11-24T10:00:00+08:00' }));
    await t.settle();
    assert.deepEqual(figures(await trade(t, '2026-11-24', '2026-11-24', 'DAY')), [row('2026-11-24', 1, '1.00', -0.98, null, 1)]); // g: 50.00 the day before
    assert.match(t.logs(), /cleared declaration not understood/);
  });
});
