import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertData, assertError, cleared, enterpriseCaller, filed, partnerCaller, regulator, startTestStatistics, SUMMARY, trade, validUscc,
  type TestStatistics,
} from '../testing/statistics-harness';

/**
 * Who sees what: tradeSummary per enterprise (tenancy), tradeStatistics pooled for everyone but
 * regulators (STATISTICS_MIN_ENTERPRISES, 3 by default). Now is 2026-11-25.
 *
 *   2025-11-05  E1 IMPORT JP 400
 *   2026-09-10  JP: E1, E2, E3 100 each · US: E4, E5, E6, E7 100 each · DE: E8 100
 *   2026-10-10  JP: E1 800
 *   2026-11-10  JP: E1 1000, E2 500, E3 200 · US: E4 700, E5 300, E6 100 · DE: E7 50 · KR: E8 40 · FR: E9 30
 *   2026-11-12  GB: E1 EXPORT 250 (USD)
 */
const E = Array.from({ length: 10 }, (_, i) => validUscc(9100 + i)); // E[1] … E[9]; E[0] files nothing and trades nothing
const PARTNER = validUscc(9199);

let t: TestStatistics;

before(async () => {
  t = await startTestStatistics();
  await t.publish(...E.slice(1).map((uscc) => filed(uscc)));
  const at = (day: string) => `${day}T10:00:00+08:00`;
  await t.publish(
    cleared(E[1], { country: 'JP', valueCny: '400.00', clearedAt: at('2025-11-05') }),
    ...[1, 2, 3].map((i) => cleared(E[i], { country: 'JP', valueCny: '100.00', clearedAt: at('2026-09-10') })),
    ...[4, 5, 6, 7].map((i) => cleared(E[i], { country: 'US', valueCny: '100.00', clearedAt: at('2026-09-10') })),
    cleared(E[8], { country: 'DE', valueCny: '100.00', clearedAt: at('2026-09-10') }),
    cleared(E[1], { country: 'JP', valueCny: '800.00', clearedAt: at('2026-10-10') }),
    ...([[1, 'JP', '1000.00'], [2, 'JP', '500.00'], [3, 'JP', '200.00'], [4, 'US', '700.00'], [5, 'US', '300.00'], [6, 'US', '100.00'],
      [7, 'DE', '50.00'], [8, 'KR', '40.00'], [9, 'FR', '30.00']] as const)
      .map(([i, country, valueCny]) => cleared(E[i], { country, valueCny, clearedAt: at('2026-11-10') })),
    cleared(E[1], { direction: 'EXPORT', mode: 'MODE_9610', country: 'GB', currency: 'USD', valueCny: '250.00', clearedAt: at('2026-11-12') }),
  );
  await t.settle();
});

after(async () => {
  await t?.stop();
});

const cells = (rows: Record<string, any>[]) => rows.map((r) => [r.period, ...r.dimensions.map((d: { value: string }) => d.value), r.count, r.value, r.growth]);

describe('tradeStatistics: aggregates for everyone, single enterprises for regulators only', () => {
  test('a regulator sees every cell, however small, with its growth', async () => {
    assert.deepEqual(cells(await trade(t, '2026-11-01', '2026-11-30', 'MONTH', ['COUNTRY'])), [
      ['2026-11', 'DE', 1, '50.00', null],
      ['2026-11', 'FR', 1, '30.00', null],
      ['2026-11', 'GB', 1, '250.00', null],
      ['2026-11', 'JP', 3, '1700.00', 1.125], // 1–25 Nov against 1–25 Oct (800)
      ['2026-11', 'KR', 1, '40.00', null],
      ['2026-11', 'US', 3, '1100.00', null],
    ]);
  });

  test('an enterprise sees cells of three or more enterprises; the rest pooled as OTHER; no growth against a cell it may not see', async () => {
    assert.deepEqual(cells(await trade(t, '2026-11-01', '2026-11-30', 'MONTH', ['COUNTRY'], enterpriseCaller(E[2]))), [
      ['2026-11', 'JP', 3, '1700.00', null], // October's JP was one enterprise: hidden, so no growth
      ['2026-11', 'US', 3, '1100.00', null],
      ['2026-11', 'OTHER', 4, '370.00', null], // DE, FR, GB, KR: four enterprises together
    ]);
  });

  test('when the pool alone would be one enterprise, the smallest visible cell joins it (secondary suppression)', async () => {
    assert.deepEqual(cells(await trade(t, '2026-09-01', '2026-09-30', 'MONTH', ['COUNTRY'], partnerCaller(PARTNER))), [
      ['2026-09', 'US', 4, '400.00', null],
      ['2026-09', 'OTHER', 4, '400.00', null], // DE (E8 alone) with JP: otherwise total − US − JP would be E8's trade
    ]);
    assert.deepEqual(cells(await trade(t, '2026-09-01', '2026-09-30', 'MONTH', ['COUNTRY'])).map((c) => c[1]), ['DE', 'JP', 'US']);
  });

  test('a period made up of fewer than three enterprises shows nothing to a non-regulator', async () => {
    assert.deepEqual(await trade(t, '2026-10-01', '2026-10-31', 'MONTH', [], enterpriseCaller(E[2])), []);
    assert.deepEqual(cells(await trade(t, '2026-10-01', '2026-10-31', 'MONTH', [])), [['2026-10', 1, '800.00', 0]]); // September: 800 too
  });

  test('another enterprise\'s key reads nothing of this one\'s, however finely it groups', async () => {
    const rows = await trade(t, '2026-01-01', '2026-12-31', 'MONTH', ['COUNTRY', 'DIRECTION', 'MODE', 'REGION', 'ENTERPRISE_ROLE', 'HS_CHAPTER'], enterpriseCaller(E[2]));
    const text = JSON.stringify(rows);
    assert.equal(text.includes('"GB"'), false, text);
    assert.equal(text.includes('"800.00"'), false, text);
    assert.equal(text.includes('"250.00"'), false, text);
    const days = await trade(t, '2026-11-12', '2026-11-12', 'DAY', [], enterpriseCaller(E[2]));
    assert.deepEqual(days, [], 'E1\'s only trade that day stays hidden');
  });
});

describe('Enterprise.tradeSummary', () => {
  const summary = (uscc: string, year: number | null, identity = regulator()) =>
    t.request(SUMMARY, { r: [{ __typename: 'Enterprise', uscc }], year }, identity);

  test('worked example: the enterprise\'s year, import and export, year-on-year, CNY share and months', async () => {
    const data = assertData(await summary(E[1], 2026, enterpriseCaller(E[1])));
    assert.deepEqual(data._entities[0].tradeSummary, {
      uscc: E[1], year: 2026, to: '2026-11-25', count: 4, value: '2150.00', importValue: '1900.00', exportValue: '250.00',
      yearOnYear: 4.375, // against 1 Jan – 25 Nov 2025: 400
      settledInCnyShare: 0.883721, // 1900 of 2150
      months: [
        { period: '2026-09', count: 1, value: '100.00', growth: null, yearOnYear: null },
        { period: '2026-10', count: 1, value: '800.00', growth: 7, yearOnYear: null },
        { period: '2026-11', count: 2, value: '1250.00', growth: 0.5625, yearOnYear: 2.125 },
      ],
    });
  });

  test('several enterprises in one request each get their own summary (one batch per year)', async () => {
    const response = await t.request(SUMMARY, { r: [E[2], E[0], E[7]].map((uscc) => ({ __typename: 'Enterprise', uscc })), year: 2026 }, regulator());
    assert.deepEqual(assertData(response)._entities.map((e: { tradeSummary: { uscc: string; count: number; value: string } }) =>
      [e.tradeSummary.uscc, e.tradeSummary.count, e.tradeSummary.value]), [[E[2], 2, '600.00'], [E[0], 0, '0.00'], [E[7], 2, '150.00']]);
  });

  test('the year defaults to this one; a past year ends on 31 December', async () => {
    const current = assertData(await summary(E[1], null))._entities[0].tradeSummary;
    assert.equal(current.year, 2026);
    const past = assertData(await summary(E[1], 2025))._entities[0].tradeSummary;
    assert.deepEqual({ ...past, months: past.months.length }, {
      uscc: E[1], year: 2025, to: '2025-12-31', count: 1, value: '400.00', importValue: '400.00', exportValue: '0.00',
      yearOnYear: null, settledInCnyShare: 1, months: 1,
    });
  });

  test('an enterprise without trade has a summary of zeros', async () => {
    const data = assertData(await summary(E[0], 2026));
    assert.deepEqual(data._entities[0].tradeSummary, {
      uscc: E[0], year: 2026, to: '2026-11-25', count: 0, value: '0.00', importValue: '0.00', exportValue: '0.00',
      yearOnYear: null, settledInCnyShare: null, months: [],
    });
  });

  test('another enterprise: FORBIDDEN, and no figure leaks', async () => {
    const response = await summary(E[1], 2026, enterpriseCaller(E[2]));
    assertError(response, 'FORBIDDEN');
    assert.equal(JSON.stringify(response).includes('2150'), false, JSON.stringify(response));
    assert.deepEqual(response.data?._entities, [{ uscc: E[1], tradeSummary: null }]);
  });

  test('a partner without a grant: FORBIDDEN (grants come with the consent feature)', async () => {
    assertError(await summary(E[1], 2026, partnerCaller(PARTNER)), 'FORBIDDEN');
  });

  test('no caller: UNAUTHENTICATED', async () => {
    const response = await t.request(SUMMARY, { r: [{ __typename: 'Enterprise', uscc: E[1] }], year: 2026 });
    assertError(response, 'UNAUTHENTICATED');
  });

  test('a year outside 2000 … this year is BAD_USER_INPUT on year', async () => {
    assertError(await summary(E[1], 1999), 'BAD_USER_INPUT', 'year');
    assertError(await summary(E[1], 2027), 'BAD_USER_INPUT', 'year');
  });
});
