import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertData, assertError, cleared, enterpriseCaller, filed, partnerCaller, RECORD_TARGET, regulator, revoked, startTestStatistics, TARGETS,
  validUscc, type TestStatistics,
} from '../testing/statistics-harness';

/**
 * pilotTargets, with two targets configured (STATISTICS_TARGETS) and the rest at the plan's
 * figures. Now is 2026-11-25.
 */
const [E1, E2, E3, E4] = [9301, 9302, 9303, 9304].map(validUscc);

let t: TestStatistics;

before(async () => {
  t = await startTestStatistics({ STATISTICS_TARGETS: 'CBEC_ENTERPRISES=3, TRAINING_BASES=40' });
  await t.publish(
    filed(E1, { roles: ['ECOMMERCE_ENTERPRISE'] }),
    filed(E2, { roles: ['LOGISTICS', 'WAREHOUSE'] }),
    filed(E3, { roles: ['MANUFACTURER'] }), // not a CBEC role
    filed(E4, { roles: ['PAYMENT'] }),
    revoked(E4), // no longer supported
    cleared(E1, { valueCny: '999.00', clearedAt: '2025-12-31T23:59:00+08:00' }), // last year
    cleared(E1, { valueCny: '250.00', clearedAt: '2025-12-31T16:30:00Z' }), // 00:30 on 1 January in Shanghai
    cleared(E1, { valueCny: '1000.00', clearedAt: '2026-03-15T10:00:00+08:00' }),
    cleared(E2, { direction: 'EXPORT', mode: 'MODE_9810', country: 'US', valueCny: '500.00', clearedAt: '2026-11-20T10:00:00+08:00' }),
  );
  await t.settle();
});

after(async () => {
  await t?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const targets = async (identity = regulator()): Promise<Record<string, any>> =>
  Object.fromEntries(assertData(await t.request(TARGETS, {}, identity)).pilotTargets.map((target: { key: string }) => [target.key, target]));

describe('pilotTargets', () => {
  test('every key of API.md, in its order', async () => {
    const response = assertData(await t.request(TARGETS, {}, regulator()));
    assert.deepEqual(response.pilotTargets.map((target: { key: string }) => target.key),
      ['CBEC_ENTERPRISES', 'PUBLIC_OVERSEAS_WAREHOUSES', 'TRAINING_BASES', 'DEMONSTRATION_PARKS', 'CBEC_TRADE_VALUE']);
  });

  test('CBEC enterprises: filed, not revoked, with a CBEC role (configured target 3)', async () => {
    const { CBEC_ENTERPRISES } = await targets();
    assert.deepEqual({ ...CBEC_ENTERPRISES, name: undefined, basis: undefined }, {
      key: 'CBEC_ENTERPRISES', name: undefined, target: '3.00', actual: '2.00', unit: 'enterprises', measured: true, progress: 0.666667,
      asOf: '2026-11-25', basis: undefined,
    });
  });

  test('CBEC trade value: cleared since 1 January in Asia/Shanghai, against 300 billion CNY', async () => {
    const { CBEC_TRADE_VALUE } = await targets();
    assert.deepEqual([CBEC_TRADE_VALUE.target, CBEC_TRADE_VALUE.actual, CBEC_TRADE_VALUE.unit, CBEC_TRADE_VALUE.measured],
      ['300000000000.00', '1750.00', 'CNY', true]);
  });

  test('targets the system cannot measure stand at 0 until a regulator enters them', async () => {
    const { PUBLIC_OVERSEAS_WAREHOUSES, TRAINING_BASES } = await targets();
    assert.deepEqual([PUBLIC_OVERSEAS_WAREHOUSES.target, PUBLIC_OVERSEAS_WAREHOUSES.actual, PUBLIC_OVERSEAS_WAREHOUSES.measured, PUBLIC_OVERSEAS_WAREHOUSES.asOf],
      ['100.00', '0.00', false, null]);
    assert.equal(TRAINING_BASES.target, '40.00');
  });

  test('a regulator enters a figure; the entry with the latest asOf counts, whatever the order of entry', async () => {
    const entered = assertData(await t.request(RECORD_TARGET, { key: 'TRAINING_BASES', actual: '12', asOf: '2026-11-01' }, regulator()));
    assert.deepEqual(entered.recordTargetProgress, { key: 'TRAINING_BASES', actual: '12.00', measured: false, asOf: '2026-11-01' });
    assertData(await t.request(RECORD_TARGET, { key: 'TRAINING_BASES', actual: '10', asOf: '2026-10-01' }, regulator()));
    const { TRAINING_BASES } = await targets(enterpriseCaller(E1));
    assert.deepEqual([TRAINING_BASES.actual, TRAINING_BASES.asOf, TRAINING_BASES.progress], ['12.00', '2026-11-01', 0.3]);
  });

  test('only regulators enter figures', async () => {
    assertError(await t.request(RECORD_TARGET, { key: 'TRAINING_BASES', actual: '99', asOf: '2026-11-01' }, enterpriseCaller(E1)), 'FORBIDDEN');
    assertError(await t.request(RECORD_TARGET, { key: 'TRAINING_BASES', actual: '99', asOf: '2026-11-01' }, partnerCaller(E2)), 'FORBIDDEN');
    const [{ n }] = await t.sql`select count(*)::int as n from statistics.target_entries where actual = 99`;
    assert.equal(n, 0);
  });

  test('a measured target, an unknown key, a fraction of a count, a future day: BAD_USER_INPUT naming the field', async () => {
    const record = (variables: Record<string, unknown>) => t.request(RECORD_TARGET, variables, regulator());
    const measured = assertError(await record({ key: 'CBEC_ENTERPRISES', actual: '5', asOf: '2026-11-01' }), 'BAD_USER_INPUT', 'key');
    assert.match(measured.message, /measured by the system/);
    assertError(await record({ key: 'AIRPORTS', actual: '5', asOf: '2026-11-01' }), 'BAD_USER_INPUT', 'key');
    assertError(await record({ key: 'DEMONSTRATION_PARKS', actual: '5.5', asOf: '2026-11-01' }), 'BAD_USER_INPUT', 'actual');
    assertError(await record({ key: 'DEMONSTRATION_PARKS', actual: '-1', asOf: '2026-11-01' }), 'BAD_USER_INPUT', 'actual');
    assertError(await record({ key: 'DEMONSTRATION_PARKS', actual: '5', asOf: '2026-11-26' }), 'BAD_USER_INPUT', 'asOf');
  });

  test('no caller: UNAUTHENTICATED', async () => {
    assertError(await t.request(TARGETS, {}), 'UNAUTHENTICATED');
  });
});
