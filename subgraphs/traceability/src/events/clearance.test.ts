import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createLogger, type BusEvent } from '@sw/kernel';
import {
  aggregation, assertData, at, capture, enterpriseCaller, objectEvent, regulator, sgtin, sscc, startTestTraceability, TRACE, until,
  validGtin13, validUscc, type TestTraceability,
} from '../testing/traceability-harness';
import { recordClearanceMilestone } from './clearance.consumer';

let t: TestTraceability;
const ENTERPRISE = validUscc('clearance-ebc');
const PLATFORM = validUscc('clearance-ebp');
const CARRIER = validUscc('clearance-logistics');
const STRANGER = validUscc('clearance-stranger');
const DECLARATION_TRACE = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Declaration { id trace {
  events { eventId eventType action bizStep disposition eventTimeZoneOffset epcList bizTransactionList { type id } source enterprise { uscc } } } } } }`;

before(async () => {
  t = await startTestTraceability();
  for (const uscc of [ENTERPRISE, PLATFORM, CARRIER, STRANGER]) await t.fileEnterprise(uscc);
});

after(async () => {
  await t?.stop();
});

function statusChanged(declarationId: string, from: string | null, to: string, minutesAgo: number) {
  return t.publish({
    type: 'clearance.declaration.status-changed', subject: declarationId, actor: 'customs-receipts',
    data: {
      declarationId, copNo: `COP-${declarationId.slice(0, 8)}`, orderNo: `ORD-${declarationId.slice(0, 8)}`, enterprise: ENTERPRISE, platform: PLATFORM,
      parties: { ebc: ENTERPRISE, ebp: PLATFORM, logistics: CARRIER }, direction: 'IMPORT', mode: 'MODE_1210', from, to,
      at: new Date(Date.now() - minutesAgo * 60_000).toISOString(), reason: null, receiptCode: to === 'RELEASED' ? '800' : null,
    },
  });
}

const milestones = (declarationId: string) => t.sql`
  select e.event_id, e.biz_step, e.disposition, e.source, e.enterprise_uscc, e.parties from traceability.events e
  join traceability.event_transactions x on x.event_id = e.event_id and x.type = 'declaration' and x.id = ${declarationId}
  where e.source = 'CLEARANCE' order by e.event_time`;

describe('clearance milestones become trace events', () => {
  const declarationId = randomUUID();
  const published: BusEvent[] = [];

  before(async () => {
    published.push(await statusChanged(declarationId, null, 'DECLARED', 60));
    published.push(await statusChanged(declarationId, 'DECLARED', 'MATCHED', 59));
    published.push(await statusChanged(declarationId, 'MATCHED', 'SUBMITTED', 58));
    published.push(await statusChanged(declarationId, 'SUBMITTED', 'UNDER_REVIEW', 50));
    published.push(await statusChanged(declarationId, 'UNDER_REVIEW', 'RELEASED', 30));
    published.push(await statusChanged(declarationId, 'RELEASED', 'CLEARED', 10));
    assert.ok(await until(async () => (await milestones(declarationId)).length === 2), 'the consumer recorded the milestones');
  });

  test('declared and released are a customs hold (CBV holding: unavailable, then available); document steps are not recorded', async () => {
    const rows = await milestones(declarationId);
    assert.deepEqual(rows.map((row) => [row.event_id, row.biz_step, row.disposition, row.source, row.enterprise_uscc]), [
      [`urn:uuid:${published[0].id}`, 'holding', 'unavailable', 'CLEARANCE', ENTERPRISE],
      [`urn:uuid:${published[4].id}`, 'holding', 'available', 'CLEARANCE', ENTERPRISE],
    ]);
    assert.deepEqual([...rows[0].parties].sort(), [PLATFORM, CARRIER].sort());
  });

  test('a replay of the bus from seq 0 records nothing twice', async () => {
    const before = (await t.sql`select count(*)::int as n from traceability.events`)[0].n;
    await t.traceability.consumers.clearance.resetToStart();
    await t.traceability.consumers.clearance.drain();
    assert.equal((await t.sql`select count(*)::int as n from traceability.events`)[0].n, before);
  });

  test('Declaration.trace holds the milestones and the chains of the goods declared; trace(parcel) holds the milestones too', async () => {
    const GTIN = validGtin13('declared-goods');
    const item = sgtin(GTIN, 'declared-1');
    const parcel = sscc(700);
    const packed = aggregation(parcel, [item], { eventTime: at(90), bizTransactionList: [{ type: 'waybill', id: 'YT-DECL-1' }] });
    const handedOver = objectEvent([parcel], { action: 'OBSERVE', bizStep: 'shipping', eventTime: at(70),
      bizTransactionList: [{ type: 'waybill', id: 'YT-DECL-1' }, { type: 'declaration', id: declarationId }] });
    const made = objectEvent([item], { eventTime: at(120) });
    await capture(t, [made, packed, handedOver], enterpriseCaller(CARRIER));
    const [declaration] = assertData(await t.request(DECLARATION_TRACE, { r: [{ __typename: 'Declaration', id: declarationId }] }, regulator()))._entities;
    assert.deepEqual(declaration.trace.events.map((event: { eventId: string }) => event.eventId), [
      made.eventId, packed.eventId, handedOver.eventId, `urn:uuid:${published[0].id}`, `urn:uuid:${published[4].id}`,
    ]);
    const released = declaration.trace.events.at(-1);
    assert.deepEqual(released, {
      eventId: `urn:uuid:${published[4].id}`, eventType: 'OBJECT', action: 'OBSERVE', bizStep: 'holding', disposition: 'available',
      eventTimeZoneOffset: '+08:00', epcList: [], source: 'CLEARANCE', enterprise: { uscc: ENTERPRISE },
      bizTransactionList: [{ type: 'declaration', id: declarationId }, { type: 'po', id: `ORD-${declarationId.slice(0, 8)}` }],
    });
    const parcelTrace = assertData(await t.request(TRACE, { code: parcel }, regulator())).trace.events.map((event: { eventId: string }) => event.eventId);
    assert.ok(parcelTrace.includes(`urn:uuid:${published[4].id}`));
  });

  test('the declaration\'s enterprises read its milestones; another enterprise reads none', async () => {
    const query = (uscc: string) => t.request(DECLARATION_TRACE, { r: [{ __typename: 'Declaration', id: declarationId }] }, enterpriseCaller(uscc));
    const seen = assertData(await query(PLATFORM))._entities[0].trace.events.map((event: { source: string }) => event.source);
    assert.deepEqual(seen.filter((source: string) => source === 'CLEARANCE'), ['CLEARANCE', 'CLEARANCE']);
    assert.equal(assertData(await query(STRANGER))._entities[0].trace, null);
  });
});

describe('a milestone that names its waybill', () => {
  test('makes the waybill no. the parcel code, so trace(waybill no.) finds it', async () => {
    const declarationId = randomUUID();
    const event: BusEvent = {
      id: randomUUID(), seq: 1n, type: 'clearance.declaration.status-changed', subject: declarationId, actor: 'customs-receipts',
      occurredAt: new Date(), data: {
        declarationId, orderNo: 'ORD-W-1', enterprise: ENTERPRISE, parties: [], from: 'INSPECTION', to: 'RELEASED',
        at: new Date().toISOString(), logisticsNo: 'YT9000000001',
      },
    };
    await t.sql.begin((tx) => recordClearanceMilestone(event, tx, createLogger('test', 'silent')));
    const trace = assertData(await t.request(TRACE, { code: 'YT9000000001' }, regulator())).trace;
    assert.deepEqual(trace.events.map((e: { epcList: string[]; bizTransactionList: { type: string }[] }) =>
      [e.epcList, e.bizTransactionList.map((x) => x.type)]), [[['YT9000000001'], ['declaration', 'po', 'waybill']]]);
  });
});
