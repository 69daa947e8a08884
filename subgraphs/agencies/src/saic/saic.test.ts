import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isNewEnterprise, saicHasPublicity, saicKnows, saicRecordFor, sampleUscc } from '../simulators';
import {
  assertData, assertError, busEvents, enterpriseCaller, enterprises, entitiesQuery, partnerCaller, regulator, SAIC_FIELDS,
  startTestAgencies, type TestAgencies,
} from '../testing/agencies-harness';

const LISTED = sampleUscc('saic-listed', saicHasPublicity);
const CLEAN = sampleUscc('saic-clean', (uscc) => saicKnows(uscc) && !saicHasPublicity(uscc) && !isNewEnterprise(uscc));
const UNKNOWN = sampleUscc('saic-unknown', (uscc) => !saicKnows(uscc));
const SAIC = entitiesQuery(`saic { ${SAIC_FIELDS} }`);

let t: TestAgencies;

before(async () => {
  t = await startTestAgencies();
});

after(async () => {
  await t?.stop();
});

describe('Enterprise.saic', () => {
  test('answers the regulator\'s record with its publicity-list entries, money as a 2-place Decimal', async () => {
    const data = assertData(await t.request(SAIC, enterprises(LISTED), regulator()));
    const expected = saicRecordFor(LISTED)!;
    const saic = data._entities[0].saic;
    assert.deepEqual(
      { ...saic, fetchedAt: undefined, ageSeconds: undefined },
      { ...expected, stale: false, fetchedAt: undefined, ageSeconds: undefined },
    );
    assert.match(saic.registeredCapital, /^\d+\.\d{2}$/);
    assert.ok(saic.publicityEntries.length > 0);
    assert.ok(Math.abs(Date.parse(saic.fetchedAt) - Date.now()) < 10_000);
  });

  test('is public credit information: another enterprise and a partner without a grant read it too', async () => {
    for (const caller of [enterpriseCaller(CLEAN), partnerCaller(CLEAN)]) {
      const data = assertData(await t.request(SAIC, enterprises(LISTED), caller));
      assert.equal(data._entities[0].saic.uscc, LISTED);
    }
  });

  test('is null when the regulator has no record of the USCC', async () => {
    const data = assertData(await t.request(SAIC, enterprises(UNKNOWN), regulator()));
    assert.deepEqual(data._entities, [{ uscc: UNKNOWN, saic: null }]);
  });

  test('an anonymous caller is UNAUTHENTICATED and the agency is not asked', async () => {
    const before = t.agencies.calls.SAIC.attempts;
    const response = await t.request(SAIC, enterprises(CLEAN));
    assertError(response, 'UNAUTHENTICATED');
    assert.equal(t.agencies.calls.SAIC.attempts, before);
  });

  test('several enterprises resolve in one request, each from its own record', async () => {
    const data = assertData(await t.request(entitiesQuery('saic { uscc status }'), enterprises(CLEAN, LISTED, UNKNOWN), regulator()));
    assert.deepEqual(data._entities.map((entity: { saic: { uscc: string } | null }) => entity.saic?.uscc ?? null), [CLEAN, LISTED, null]);
  });
});

describe('SAIC credit inputs', () => {
  test('the first read publishes status and list entries once; later reads and refreshes of the same answer do not', async () => {
    const uscc = sampleUscc('saic-events', saicHasPublicity);
    assertData(await t.request(SAIC, enterprises(uscc), regulator()));
    assertData(await t.request(SAIC, enterprises(uscc), enterpriseCaller(uscc)));
    await t.agencies.refresh.job.runOnce();
    const events = await busEvents(t.sql, 'agencies.saic-record.observed', uscc);
    assert.equal(events.length, 1);
    const expected = saicRecordFor(uscc)!;
    assert.deepEqual({ ...events[0].data, observedAt: undefined }, {
      uscc, status: expected.status, publicityEntries: expected.publicityEntries, first: true, observedAt: undefined,
    });
    assert.equal(events[0].actor, 'regulator-1');
    // Credit inputs carry no personal data and not even the enterprise's name or scope.
    assert.deepEqual(Object.keys(events[0].data).sort(), ['first', 'observedAt', 'publicityEntries', 'status', 'uscc']);
  });

  test('a refresh that finds a changed answer publishes it again, as a change', async () => {
    const uscc = sampleUscc('saic-change', saicKnows);
    assertData(await t.request(SAIC, enterprises(uscc), regulator()));
    // What was published last differs from what the regulator says now (as if its list entries changed since).
    await t.sql`update agencies.watched_enterprises set saic_fingerprint = ${'0'.repeat(64)}, last_refreshed_at = null where uscc = ${uscc}`;
    const result = await t.agencies.refresh.job.runOnce();
    assert.ok(result.enterprises >= 1);
    const events = await busEvents(t.sql, 'agencies.saic-record.observed', uscc);
    assert.deepEqual(events.map((event) => [event.data.first, event.actor]), [[true, 'regulator-1'], [false, 'system']]);
  });
});
