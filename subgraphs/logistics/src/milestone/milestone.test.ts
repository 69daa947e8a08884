import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  assertData, assertError, busEvents, declarationEvent, enterpriseCaller, firm, milestoneInput, minutesAgo, partnerCaller, REPORT, regulator,
  startTestLogistics, tableCounts, WAYBILL, type TestLogistics,
} from '../testing/logistics-harness';

let t: TestLogistics;
const CARRIER = firm('milestone-carrier', ['LOGISTICS'], 'M001');
const OTHER_CARRIER = firm('milestone-other-carrier', ['LOGISTICS'], 'M002');
const SELLER = firm('milestone-seller', ['ECOMMERCE_ENTERPRISE'], 'M003');
const PLATFORM = firm('milestone-platform', ['ECOMMERCE_PLATFORM'], 'M004');
const CODE = CARRIER.customsCode!;

before(async () => {
  t = await startTestLogistics({ LOGISTICS_CLOCK_SKEW_SECONDS: '300', LOGISTICS_MILESTONE_MAX_AGE_DAYS: '30' });
  await t.file(CARRIER, OTHER_CARRIER, SELLER, PLATFORM);
});

after(async () => {
  await t?.stop();
});

let serial = 0;
const waybillNo = () => `LN${Date.now().toString(36).toUpperCase()}${++serial}`;
const report = (input: Record<string, unknown>, identity = enterpriseCaller(CARRIER.uscc)) => t.request(REPORT, { input }, identity);

describe('reportParcelMilestone validation', () => {
  const no = 'LN-VALIDATION-1';
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['a customs code of 9 characters', { logisticsCode: '410196M00' }, 'input.logisticsCode', /10 characters/],
    ['a waybill number with a space', { logisticsNo: 'LN 1' }, 'input.logisticsNo', /without spaces/],
    ['a waybill number over 60 characters', { logisticsNo: 'L'.repeat(61) }, 'input.logisticsNo', /at most 60/],
    ['an occurredAt an hour ahead', { occurredAt: new Date(Date.now() + 3_600_000).toISOString() }, 'input.occurredAt', /lies in the future/],
    ['an occurredAt older than the configured 30 days', { occurredAt: new Date(Date.now() - 31 * 86_400_000).toISOString() }, 'input.occurredAt', /more than 30 days ago/],
    ['no location for a pickup', { location: null }, 'input.location', /required for PICKED_UP/],
    ['a blank city', { location: { city: ' ', country: 'CN' } }, 'input.location.city', /must not be blank/],
    ['a country that is no alpha-2 code', { location: { city: '郑州', country: 'CHN' } }, 'input.location.country', /alpha-2/],
    ['a note over 500 characters', { note: 'x'.repeat(501) }, 'input.note', /at most 500/],
  ];
  for (const [what, overrides, field, message] of cases) {
    test(`${what} is BAD_USER_INPUT naming ${field}, and nothing is written`, async () => {
      const before = await tableCounts(t.sql);
      const error = assertError(await report({ ...milestoneInput(CODE, no, 'PICKED_UP', minutesAgo(5)), ...overrides }), 'BAD_USER_INPUT', field);
      assert.match(error.message, message);
      assert.deepEqual(await tableCounts(t.sql), before);
    });
  }

  test('an occurredAt a minute ahead is within the clock tolerance', async () => {
    assertData(await report(milestoneInput(CODE, waybillNo(), 'PICKED_UP', new Date(Date.now() + 60_000).toISOString())));
  });

  test('an EXCEPTION may be reported without a place', async () => {
    const milestone = assertData(await report(milestoneInput(CODE, waybillNo(), 'EXCEPTION', minutesAgo(5), { location: null, note: '包裹破损' }))).reportParcelMilestone;
    assert.equal(milestone.location, null);
    assert.equal(milestone.note, '包裹破损');
  });

  test('a customs code nobody filed, or filed by a firm that is not a logistics enterprise, is BAD_USER_INPUT (for a regulator)', async () => {
    assert.match(assertError(await report(milestoneInput('4101969999', waybillNo(), 'PICKED_UP', minutesAgo(5)), regulator()), 'BAD_USER_INPUT', 'input.logisticsCode').message, /files first/);
    assert.match(assertError(await report(milestoneInput(SELLER.customsCode!, waybillNo(), 'PICKED_UP', minutesAgo(5)), regulator()), 'BAD_USER_INPUT', 'input.logisticsCode').message, /not filed as a logistics enterprise/);
  });
});

describe('who reports', () => {
  test('the logistics firm of the waybill and a regulator report; another carrier, the seller and a partner are FORBIDDEN', async () => {
    const no = waybillNo();
    assertData(await report(milestoneInput(CODE, no, 'PICKED_UP', minutesAgo(30))));
    assertData(await report(milestoneInput(CODE, no, 'DEPARTED', minutesAgo(20)), regulator()));
    const before = await tableCounts(t.sql);
    for (const identity of [enterpriseCaller(OTHER_CARRIER.uscc), enterpriseCaller(SELLER.uscc), partnerCaller(OTHER_CARRIER.uscc)]) {
      const error = assertError(await report(milestoneInput(CODE, no, 'ARRIVED', minutesAgo(10)), identity), 'FORBIDDEN');
      assert.match(error.message, /only by the logistics firm whose customs code is the waybill's logisticsCode, or a regulator/);
    }
    assertError(await t.request(REPORT, { input: milestoneInput(CODE, no, 'ARRIVED', minutesAgo(10)) }), 'UNAUTHENTICATED');
    assert.deepEqual(await tableCounts(t.sql), before);
  });
});

describe('idempotency, order and events', () => {
  test('the same milestone again returns the one recorded and publishes nothing more; another place for it is CONFLICT', async () => {
    const no = waybillNo();
    const input = milestoneInput(CODE, no, 'PICKED_UP', minutesAgo(15), { note: '已揽收' });
    const first = assertData(await report(input)).reportParcelMilestone;
    const again = assertData(await report({ ...input, occurredAt: new Date(input.occurredAt as string).toISOString() })).reportParcelMilestone;
    assert.equal(again.id, first.id);
    assert.equal(again.cursor, first.cursor);
    assert.equal((await busEvents(t.sql, 'logistics.parcel.milestone-reported', `${CODE}/${no}`)).length, 1);
    const error = assertError(await report({ ...input, location: { city: '洛阳', country: 'CN' } }), 'CONFLICT');
    assert.match(error.message, /different location\.city/);
  });

  test('a milestone out of order is BAD_USER_INPUT naming the rule, and the timeline reads in time order', async () => {
    const no = waybillNo();
    assert.match(assertError(await report(milestoneInput(CODE, no, 'DELIVERED', minutesAgo(10))), 'BAD_USER_INPUT', 'input.kind').message,
      /DELIVERED at .* does not fit the milestones of waybill .*: a parcel is delivered after PICKED_UP/);
    // A leg reported late (DEPARTED after ARRIVED) still makes a sound timeline.
    for (const [kind, minutes] of [['PICKED_UP', 60], ['ARRIVED', 40], ['DEPARTED', 50], ['OUT_FOR_DELIVERY', 30]] as const) {
      assertData(await report(milestoneInput(CODE, no, kind, minutesAgo(minutes), { location: { city: 'Los Angeles', country: 'US' } })));
    }
    // A pickup after the parcel moved would break the earlier milestones.
    assert.match(assertError(await report(milestoneInput(CODE, no, 'PICKED_UP', minutesAgo(35))), 'BAD_USER_INPUT', 'input.kind').message, /picked up once/);
    assert.match(assertError(await report(milestoneInput(CODE, no, 'DEPARTED', minutesAgo(20))), 'BAD_USER_INPUT', 'input.kind').message,
      /travels again only after an EXCEPTION/);
    assertData(await report(milestoneInput(CODE, no, 'EXCEPTION', minutesAgo(25), { note: 'recipient absent' })));
    assertData(await report(milestoneInput(CODE, no, 'DELIVERED', minutesAgo(5))));
    assert.match(assertError(await report(milestoneInput(CODE, no, 'ARRIVED', minutesAgo(2))), 'BAD_USER_INPUT', 'input.kind').message,
      /only EXCEPTION may follow DELIVERED/);
    const waybill = assertData(await t.request(WAYBILL, { no }, regulator())).waybill;
    assert.equal(waybill.logisticsCode, CODE);
    assert.deepEqual(waybill.milestones.map((milestone: { kind: string }) => milestone.kind),
      ['PICKED_UP', 'DEPARTED', 'ARRIVED', 'OUT_FOR_DELIVERY', 'EXCEPTION', 'DELIVERED']);
  });

  test('each milestone is published in its own transaction with the declaration logistics knows of, and its cursor is the event\'s seq', async () => {
    const no = waybillNo();
    const declarationId = randomUUID();
    await t.publish(declarationEvent(declarationId, no, { carrier: CARRIER, enterprise: SELLER, platform: PLATFORM }));
    await t.settle();
    const milestone = assertData(await report(milestoneInput(CODE, no, 'PICKED_UP', minutesAgo(3), { note: '门卫代收' }))).reportParcelMilestone;
    const [event] = await busEvents(t.sql, 'logistics.parcel.milestone-reported', `${CODE}/${no}`);
    assert.equal(String(event.seq), milestone.cursor);
    assert.equal(event.actor, `enterprise-${CARRIER.uscc}`);
    assert.deepEqual(event.data, {
      milestoneId: milestone.id, logisticsCode: CODE, logisticsNo: no, carrierUscc: CARRIER.uscc, kind: 'PICKED_UP', occurredAt: milestone.occurredAt,
      city: '郑州', country: 'CN', reportedAt: milestone.reportedAt, declarationId, enterprise: SELLER.uscc, platform: PLATFORM.uscc,
      bizStep: 'accepting', disposition: 'in_transit',
    });
    assert.ok(!JSON.stringify(event.data).includes('门卫代收'), 'the note stays off the bus');
    const [row] = await t.sql`select event_seq from logistics.parcel_milestones where id = ${milestone.id}`;
    assert.equal(String(row.event_seq), String(event.seq));
  });
});
