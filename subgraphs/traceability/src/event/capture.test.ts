import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  aggregation, assertData, assertError, at, capture, CAPTURE, enterpriseCaller, lgtin, objectEvent, partnerCaller, regulator, sgtin, sscc,
  startTestTraceability, transformation, validGtin13, validUscc, type TestTraceability,
} from '../testing/traceability-harness';

let t: TestTraceability;
const GTIN = validGtin13('capture');
const CAPTURER = validUscc('capturer');

before(async () => {
  t = await startTestTraceability();
  await t.fileEnterprise(CAPTURER);
});

after(async () => {
  await t?.stop();
});

const eventCount = async () => (await t.sql`select count(*)::int as n from traceability.events`)[0].n as number;
const shanghai = (offsetMs: number) => `${new Date(Date.now() + offsetMs + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;

describe('captureTraceEvents', () => {
  test('records every event type with its what, when, where and why as captured', async () => {
    const item = sgtin(GTIN, 'all-types-1');
    const events = [
      objectEvent([item], { readPoint: 'urn:epc:id:sgln:6901234.00001.0', bizLocation: 'urn:epc:id:sgln:6901234.00001.0' }),
      transformation([lgtin(GTIN, 'ALL-TYPES')], [item]),
      aggregation(sscc(1), [item], { bizTransactionList: [{ type: 'po', id: 'PO-1' }, { type: 'urn:sw:btt:waybill', id: 'YT0001' }] }),
      { eventId: `urn:uuid:${randomUUID()}`, eventType: 'TRANSACTION', action: 'ADD', eventTime: at(100), epcList: [sscc(1)],
        bizTransactionList: [{ type: 'urn:epcglobal:cbv:btt:inv', id: 'INV-9' }], bizStep: 'urn:epcglobal:cbv:bizstep:shipping' },
      { eventId: `urn:uuid:${randomUUID()}`, eventType: 'ASSOCIATION', action: 'ADD', eventTime: at(90), parentId: 'urn:epc:id:grai:6901234.00011.7',
        childEpcs: [sscc(1)], bizStep: 'https://ref.gs1.org/cbv/BizStep-sensor_reporting',
        sourceList: [{ type: 'possessing_party', id: 'urn:epc:id:pgln:6901234.00000' }], destinationList: [{ type: 'location', id: 'urn:epc:id:sgln:6901234.00002.0' }] },
    ];
    const result = await capture(t, events);
    assert.deepEqual(result, { accepted: 5, duplicates: 0, rejectedCount: 0, rejected: [] });
    const rows = await t.sql`select event_id, event_type, action, biz_step, event_time_zone_offset, source, captured_by from traceability.events
      where event_id = any(${events.map((event) => event.eventId as string)}) order by event_time`;
    assert.deepEqual(rows.map((row) => [row.event_type, row.action, row.biz_step]), [
      ['OBJECT', 'ADD', 'commissioning'], ['TRANSFORMATION', null, 'commissioning'], ['AGGREGATION', 'ADD', 'packing'],
      ['TRANSACTION', 'ADD', 'shipping'], ['ASSOCIATION', 'ADD', 'sensor_reporting'],
    ]);
    assert.ok(rows.every((row) => row.event_time_zone_offset === '+08:00' && row.source === 'API' && row.captured_by === 'regulator-1'));
    const [aggregated] = await t.sql`select body from traceability.events where event_id = ${events[2].eventId as string}`;
    assert.deepEqual(aggregated.body.bizTransactionList, [{ type: 'po', id: 'PO-1' }, { type: 'waybill', id: 'YT0001' }]);
  });

  test('a batch with bad events keeps the good ones and names every problem by index and input path', async () => {
    const before = await eventCount();
    const good1 = objectEvent([sgtin(GTIN, 'mixed-1')]);
    const badGtin = objectEvent([`https://id.gs1.org/01/0${GTIN.slice(0, -1)}${(Number(GTIN.at(-1)) + 1) % 10}/21/7`]);
    const badStep = objectEvent([sgtin(GTIN, 'mixed-3')], { bizStep: 'packaging' });
    const future = objectEvent([sgtin(GTIN, 'mixed-4')], { eventTime: shanghai(10 * 60_000) });
    const good2 = objectEvent([sgtin(GTIN, 'mixed-5')], { eventTime: shanghai(4 * 60_000) });
    const badDisposition = objectEvent([sgtin(GTIN, 'mixed-6')], { disposition: 'sold' });
    const result = assertData(await t.request(CAPTURE, { events: [good1, badGtin, badStep, future, good2, badDisposition] }, regulator())).captureTraceEvents;
    assert.equal(result.accepted, 2, 'an event 4 minutes ahead is within the 5-minute tolerance');
    assert.equal(result.duplicates, 0);
    assert.equal(result.rejectedCount, 4);
    assert.deepEqual(result.rejected.map((r: { index: number; eventId: string; field: string }) => [r.index, r.eventId, r.field]), [
      [1, badGtin.eventId, 'events[1].epcList[0]'],
      [2, badStep.eventId, 'events[2].bizStep'],
      [3, future.eventId, 'events[3].eventTime'],
      [5, badDisposition.eventId, 'events[5].disposition'],
    ]);
    const [gtin, step, time, disposition] = result.rejected.map((r: { message: string }) => r.message);
    assert.match(gtin, /fails the GS1 mod-10 check: its check digit should be \d, got \d/);
    assert.match(step, /'packaging' is not a CBV 2\.0 business step; did you mean 'packing'/);
    assert.match(time, /is in the future: more than 300 seconds after the Single Window's clock/);
    assert.match(disposition, /'sold' is not a CBV 2\.0 disposition/);
    assert.equal(await eventCount(), before + 2);
  });

  const shapes: [string, Record<string, unknown>, string, RegExp][] = [
    ['an event time without an offset', { eventTime: '2025-10-01T08:00:00' }, 'events[0].eventTime', /with its time-zone offset/],
    ['an event time that is not a date', { eventTime: '2025-02-30T08:00:00+08:00' }, 'events[0].eventTime', /not a real date/],
    ['an offset beyond +14:00', { eventTimeZoneOffset: '+15:00' }, 'events[0].eventTimeZoneOffset', /between -14:00 and \+14:00/],
    ['childEpcs on an OBJECT event', { childEpcs: [sgtin(GTIN, 'x')] }, 'events[0].childEpcs', /only AGGREGATION and ASSOCIATION events take it/],
    ['an OBJECT event without action', { action: null }, 'events[0].action', /needs an action/],
    ['an OBJECT event naming nothing', { epcList: [] }, 'events[0].epcList', /give epcList or quantityList/],
    ['a batch (LGTIN) in epcList', { epcList: [lgtin(GTIN, 'L1')] }, 'events[0].epcList[0]', /names a class of objects/],
    ['an SGTIN in a quantity list', { quantityList: [{ epcClass: sgtin(GTIN, 'q'), quantity: 1 }] }, 'events[0].quantityList[0].epcClass', /epcClass takes a class/],
    ['a negative quantity', { quantityList: [{ epcClass: lgtin(GTIN, 'L2'), quantity: -1 }] }, 'events[0].quantityList[0].quantity', /at least 0/],
    ['an SGTIN whose prefix and reference are not 13 digits', { epcList: ['urn:epc:id:sgtin:690123.0123.1'] }, 'events[0].epcList[0]', /13 digits together/],
    ['a code with a space', { epcList: ['YT 0001'] }, 'events[0].epcList[0]', /without spaces/],
    ['an unknown business transaction type', { bizTransactionList: [{ type: 'invoice', id: 'A1' }] }, 'events[0].bizTransactionList[0].type', /business transaction type/],
    ['a source without a CBV type', { sourceList: [{ type: 'seller', id: 'urn:epc:id:pgln:6901234.00000' }] }, 'events[0].sourceList[0].type', /source\/destination type/],
  ];
  for (const [what, override, field, message] of shapes) {
    test(`${what} is refused on ${field}`, async () => {
      const event = objectEvent([sgtin(GTIN, `s-${randomUUID().slice(0, 8)}`)], override);
      const result = assertData(await t.request(CAPTURE, { events: [event] }, regulator())).captureTraceEvents;
      assert.equal(result.accepted, 0);
      assert.equal(result.rejected[0]?.field, field, JSON.stringify(result.rejected));
      assert.match(result.rejected[0].message, message);
    });
  }

  test('EPCIS structure rules per type: aggregation ADD without children, transformation with an action or without an output', async () => {
    const events = [
      aggregation(sscc(2), []),
      transformation([lgtin(GTIN, 'T1')], [sgtin(GTIN, 't1')], { action: 'ADD' }),
      transformation([lgtin(GTIN, 'T2')], []),
      transformation([lgtin(GTIN, 'T3')], [], { transformationId: 'urn:uuid:7d1f9c2e-0000-4000-8000-00000000aaaa' }),
      { eventId: `urn:uuid:${randomUUID()}`, eventType: 'TRANSACTION', action: 'ADD', eventTime: at(10), epcList: [sscc(3)] },
    ];
    const result = assertData(await t.request(CAPTURE, { events }, regulator())).captureTraceEvents;
    assert.equal(result.accepted, 1, 'a transformation with a transformationId may carry inputs only');
    assert.deepEqual(result.rejected.map((r: { index: number; field: string }) => [r.index, r.field]), [
      [0, 'events[0].childEpcs'], [1, 'events[1].action'], [2, 'events[2].outputEpcList'], [4, 'events[4].bizTransactionList'],
    ]);
  });
});

describe('idempotency by eventId', () => {
  test('the same batch twice records once; the second answer counts duplicates', async () => {
    const events = Array.from({ length: 20 }, (_, i) => objectEvent([sgtin(GTIN, `idem-${i}`)]));
    assert.deepEqual(await capture(t, events), { accepted: 20, duplicates: 0, rejectedCount: 0, rejected: [] });
    const before = await eventCount();
    const codes = (await t.sql`select count(*)::int as n from traceability.event_codes`)[0].n;
    assert.deepEqual(await capture(t, events), { accepted: 0, duplicates: 20, rejectedCount: 0, rejected: [] });
    assert.equal(await eventCount(), before);
    assert.equal((await t.sql`select count(*)::int as n from traceability.event_codes`)[0].n, codes);
  });

  test('the same eventId with other content is refused, in a later call and within one batch', async () => {
    const event = objectEvent([sgtin(GTIN, 'changed-1')]);
    await capture(t, [event]);
    const changed = { ...event, disposition: 'damaged' };
    const later = assertData(await t.request(CAPTURE, { events: [changed] }, regulator())).captureTraceEvents;
    assert.equal(later.rejected[0].field, 'events[0].eventId');
    assert.match(later.rejected[0].message, /captured before with different content/);
    const [row] = await t.sql`select disposition from traceability.events where event_id = ${event.eventId as string}`;
    assert.equal(row.disposition, 'active');

    const twice = objectEvent([sgtin(GTIN, 'twice-1')]);
    const inBatch = assertData(await t.request(CAPTURE, { events: [twice, twice, { ...twice, bizStep: 'shipping' }] }, regulator())).captureTraceEvents;
    assert.equal(inBatch.accepted, 1);
    assert.equal(inBatch.duplicates, 1);
    assert.deepEqual(inBatch.rejected.map((r: { index: number; field: string }) => [r.index, r.field]), [[2, 'events[2].eventId']]);
  });

  test('concurrent captures of one batch record each event once', async () => {
    const events = Array.from({ length: 50 }, (_, i) => objectEvent([sgtin(GTIN, `race-${i}`)]));
    const results = await Promise.all(Array.from({ length: 4 }, () => capture(t, events)));
    assert.equal(results.reduce((sum, r) => sum + r.accepted, 0), 50);
    assert.equal(results.reduce((sum, r) => sum + r.duplicates, 0), 150);
  });
});

describe('a batch of thousands', () => {
  test('5,000 events (items, their cases and pallets) are accepted in one call', async () => {
    const events: Record<string, unknown>[] = [];
    const items = Array.from({ length: 4000 }, (_, i) => sgtin(GTIN, `bulk-${i}`));
    for (let i = 0; i < items.length; i += 500) events.push(objectEvent(items.slice(i, i + 500)));
    for (let c = 0; c < 4000 / 4; c++) events.push(aggregation(sscc(100_000 + c), items.slice(c * 4, c * 4 + 4)));
    while (events.length < 5000) events.push(objectEvent([sscc(100_000 + (events.length % 1000))], { action: 'OBSERVE', bizStep: 'shipping', disposition: 'in_transit' }));
    assert.equal(events.length, 5000);
    const before = await eventCount();
    const result = await capture(t, events);
    assert.deepEqual(result, { accepted: 5000, duplicates: 0, rejectedCount: 0, rejected: [] });
    assert.equal(await eventCount(), before + 5000);
    const [{ n }] = await t.sql`select count(*)::int as n from traceability.containments c join traceability.events e using (event_id)
      where e.event_id = any(${events.map((event) => event.eventId as string)})`;
    assert.equal(n, 4000);
  });
});

describe('who captures', () => {
  test('an ENTERPRISE captures for itself; the events are recorded for its USCC', async () => {
    const event = objectEvent([sgtin(GTIN, 'by-enterprise')]);
    await capture(t, [event], enterpriseCaller(CAPTURER));
    const [row] = await t.sql`select enterprise_uscc, captured_by from traceability.events where event_id = ${event.eventId as string}`;
    assert.deepEqual({ ...row }, { enterprise_uscc: CAPTURER, captured_by: `enterprise-${CAPTURER}` });
  });

  test('a regulator may record events for a filed enterprise, not for an unfiled one', async () => {
    const event = objectEvent([sgtin(GTIN, 'for-enterprise')]);
    await capture(t, [event], regulator(), CAPTURER);
    const [row] = await t.sql`select enterprise_uscc from traceability.events where event_id = ${event.eventId as string}`;
    assert.equal(row.enterprise_uscc, CAPTURER);
    assertError(await t.request(CAPTURE, { events: [objectEvent([sgtin(GTIN, 'nobody')])], enterprise: validUscc('unfiled') }, regulator()),
      'BAD_USER_INPUT', 'enterprise');
  });

  test('another enterprise\'s USCC, an unfiled enterprise, a partner, no trace:write and no identity are refused and write nothing', async () => {
    const before = await eventCount();
    const events = [objectEvent([sgtin(GTIN, 'refused')])];
    assertError(await t.request(CAPTURE, { events, enterprise: validUscc('someone-else') }, enterpriseCaller(CAPTURER)), 'FORBIDDEN');
    assertError(await t.request(CAPTURE, { events }, enterpriseCaller(validUscc('not-filed'))), 'FORBIDDEN');
    assertError(await t.request(CAPTURE, { events }, partnerCaller(CAPTURER)), 'FORBIDDEN');
    assertError(await t.request(CAPTURE, { events }, enterpriseCaller(CAPTURER, [])), 'FORBIDDEN');
    assertError(await t.request(CAPTURE, { events }), 'UNAUTHENTICATED');
    assert.equal(await eventCount(), before);
  });
});
