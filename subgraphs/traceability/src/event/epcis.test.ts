import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertData, assertError, IMPORT, regulator, startTestTraceability, TRACE, type TestTraceability } from '../testing/traceability-harness';

/** The sample EPCIS 2.0 JSON-LD documents shipped with the subgraph (subgraphs/traceability/samples). */
const sample = (file: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'samples', file), 'utf8')) as Record<string, unknown>;
const id = (n: number) => `urn:uuid:6f1c2a10-${String(n).padStart(4, '0')}-4c6e-9a51-2f9d0e5a${String(n).padStart(4, '0')}`;
const ITEM = 'urn:epc:id:sgtin:9421023.000001.1001';

let t: TestTraceability;

before(async () => {
  t = await startTestTraceability();
});

after(async () => {
  await t?.stop();
});

describe('importEpcisDocument', () => {
  test('imports every event of an EPCIS 2.0 document; importing it again changes nothing', async () => {
    const document = sample('milk-powder-to-cbec-parcels.jsonld');
    const first = assertData(await t.request(IMPORT, { document }, regulator())).importEpcisDocument;
    assert.deepEqual(first, { accepted: 13, duplicates: 0, rejectedCount: 0, rejected: [] });
    const again = assertData(await t.request(IMPORT, { document }, regulator())).importEpcisDocument;
    assert.deepEqual(again, { accepted: 0, duplicates: 13, rejectedCount: 0, rejected: [] });
    const rows = await t.sql`select source, count(*)::int as n from traceability.events group by source`;
    assert.deepEqual(rows.map((row) => ({ ...row })), [{ source: 'EPCIS_IMPORT', n: 13 }]);
  });

  test('reads EPCIS JSON-LD as written: CBV URIs and URNs become bare words, readPoint { id }, bizTransaction and source keys', async () => {
    const events = assertData(await t.request(TRACE, { code: ITEM }, regulator())).trace.events as Record<string, any>[];
    const byId = new Map(events.map((event) => [event.eventId, event]));
    const transformation = byId.get(id(2))!;
    assert.equal(transformation.eventType, 'TRANSFORMATION');
    assert.equal(transformation.action, null);
    assert.equal(transformation.bizStep, 'commissioning');
    assert.equal(transformation.disposition, 'active');
    assert.deepEqual(transformation.outputEpcList.length, 4);
    const loading = byId.get(id(5))!;
    assert.deepEqual([loading.bizStep, loading.disposition], ['loading', 'container_closed']);
    const shipping = byId.get(id(6))!;
    assert.deepEqual(shipping.bizTransactionList, [{ type: 'po', id: 'urn:epcglobal:cbv:bt:9421023000029:PO-2025-0917' }]);
    assert.equal(shipping.eventTimeZoneOffset, '+12:00');
    assert.equal(shipping.eventTime, '2025-09-04T19:30:00.000Z');
    const departing = byId.get(id(12))!;
    assert.deepEqual(departing.bizTransactionList, [
      { type: 'waybill', id: 'YT2025092000001' }, { type: 'declaration', id: '0b6c1f6e-7d8a-4f21-9c3e-5a1d2b3c4d5e' },
    ]);
    const [row] = await t.sql`select read_point, body from traceability.events where event_id = ${id(6)}`;
    assert.equal(row.read_point, 'urn:epc:id:sgln:9421023.00002.0');
    assert.deepEqual(row.body.sourceList, [{ type: 'owning_party', id: 'urn:epc:id:pgln:9421023.00000' }]);
    assert.deepEqual(row.body.destinationList, [{ type: 'owning_party', id: 'urn:epc:id:pgln:6901234.00000' }]);
  });

  test('an EPCISQueryDocument is read from queryResults; events without eventID get a stable id from their content', async () => {
    const document = sample('query-document.jsonld');
    assert.deepEqual(assertData(await t.request(IMPORT, { document }, regulator())).importEpcisDocument,
      { accepted: 2, duplicates: 0, rejectedCount: 0, rejected: [] });
    assert.deepEqual(assertData(await t.request(IMPORT, { document }, regulator())).importEpcisDocument,
      { accepted: 0, duplicates: 2, rejectedCount: 0, rejected: [] });
    const trace = assertData(await t.request(TRACE, { code: 'https://id.gs1.org/01/09421023000012/21/2001' }, regulator())).trace;
    assert.deepEqual(trace.events.map((event: { bizStep: string }) => event.bizStep), ['commissioning', 'shipping']);
    assert.ok(trace.events.every((event: { eventId: string }) => /^urn:sw:epcis-event:sha-256:[0-9a-f]{64}$/.test(event.eventId)));
  });

  test('refused events are named by their path in the document, and the valid ones are kept', async () => {
    const result = assertData(await t.request(IMPORT, { document: sample('refused-events.jsonld') }, regulator())).importEpcisDocument;
    assert.equal(result.accepted, 2);
    assert.equal(result.rejectedCount, 6);
    const path = 'document.epcisBody.eventList';
    assert.deepEqual(result.rejected.map((r: { index: number; field: string }) => [r.index, r.field]), [
      [1, `${path}[1].bizStep`],
      [2, `${path}[2].epcList[0]`],
      [3, `${path}[3].eventTime`],
      [4, `${path}[4].childEPCs`],
      [5, `${path}[5].type`],
      [6, `${path}[6].readPoint`],
      [6, `${path}[6].eventTime`],
    ]);
    const messages = result.rejected.map((r: { message: string }) => r.message);
    assert.match(messages[0], /'shiping' is not a CBV 2\.0 business step; did you mean 'shipping'\?/);
    assert.match(messages[1], /GTIN 09421023000013 fails the GS1 mod-10 check: its check digit should be 2, got 3/);
    assert.match(messages[2], /2999-01-01T00:00:00\+08:00 is in the future/);
    assert.match(messages[3], /give childEPCs or childQuantityList/);
    assert.match(messages[4], /must be one of ObjectEvent, AggregationEvent/);
    const kept = await t.sql`select event_id from traceability.events where event_id like 'urn:uuid:0a0b0c0d-%' order by event_id`;
    assert.deepEqual(kept.map((row) => row.event_id), ['urn:uuid:0a0b0c0d-0001-4000-8000-000000000001', 'urn:uuid:0a0b0c0d-0008-4000-8000-000000000008']);
  });

  test('a document that is not EPCIS 2.0 is BAD_USER_INPUT naming what is wrong', async () => {
    assertError(await t.request(IMPORT, { document: { type: 'Invoice' } }, regulator()), 'BAD_USER_INPUT', 'document.type');
    assertError(await t.request(IMPORT, { document: { type: 'EPCISDocument', schemaVersion: '1.2', epcisBody: { eventList: [] } } }, regulator()),
      'BAD_USER_INPUT', 'document.schemaVersion');
    assertError(await t.request(IMPORT, { document: { type: 'EPCISDocument', schemaVersion: '2.0', epcisBody: {} } }, regulator()),
      'BAD_USER_INPUT', 'document.epcisBody.eventList');
  });
});
