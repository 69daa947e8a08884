import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  aggregation, assertData, assertError, at, capture, enterpriseCaller, FILE_PRODUCT, lgtin, objectEvent, partnerCaller, productInput,
  regulator, sgtin, sscc, startTestTraceability, TRACE, traceIds, transformation, validGtin13, validUscc, type EventInput, type TestTraceability,
} from '../testing/traceability-harness';

let t: TestTraceability;

before(async () => {
  t = await startTestTraceability();
});

after(async () => {
  await t?.stop();
});

const ids = (...events: EventInput[]) => events.map((event) => event.eventId as string);

describe('trace(code): aggregation and disaggregation chains', () => {
  // item → case → parcel → container, the container unpacked, the case reused for other goods.
  const GTIN = validGtin13('chains');
  const batch = lgtin(GTIN, 'B-CHAIN');
  const item = sgtin(GTIN, 'chain-1');
  const sibling = sgtin(GTIN, 'chain-2');
  const stranger = sgtin(validGtin13('stranger'), 'other-1');
  const [caseCode, parcel, container] = [sscc(1), sscc(2), sscc(3)];
  const e = {
    batchMade: objectEvent([], { quantityList: [{ epcClass: batch, quantity: 100, uom: 'KGM' }], eventTime: at(1000) }),
    batchShipped: objectEvent([], { quantityList: [{ epcClass: batch }], action: 'OBSERVE', bizStep: 'shipping', eventTime: at(990) }),
    made: transformation([batch], [item, sibling], { eventTime: at(900) }),
    batchLater: objectEvent([], { quantityList: [{ epcClass: batch, quantity: 5, uom: 'KGM' }], action: 'OBSERVE', bizStep: 'sampling', eventTime: at(850) }),
    packed: aggregation(caseCode, [item, sibling], { eventTime: at(800) }),
    inParcel: aggregation(parcel, [caseCode], { eventTime: at(700), bizTransactionList: [{ type: 'waybill', id: 'YT-CHAIN-1' }] }),
    loaded: aggregation(container, [parcel], { eventTime: at(600), bizStep: 'loading' }),
    shipped: objectEvent([container], { action: 'OBSERVE', bizStep: 'shipping', disposition: 'in_transit', eventTime: at(500) }),
    unloaded: aggregation(container, [], { action: 'DELETE', bizStep: 'unloading', eventTime: at(400) }),
    containerLater: objectEvent([container], { action: 'OBSERVE', bizStep: 'departing', eventTime: at(300) }),
    parcelOut: objectEvent([parcel], { action: 'OBSERVE', bizStep: 'departing', disposition: 'in_transit', eventTime: at(200),
      bizTransactionList: [{ type: 'declaration', id: 'c0ffee00-0000-4000-8000-000000000001' }] }),
    caseOut: aggregation(parcel, [caseCode], { action: 'DELETE', bizStep: 'unpacking', eventTime: at(180) }),
    unpackedCase: aggregation(caseCode, [item, sibling], { action: 'DELETE', bizStep: 'unpacking', eventTime: at(150) }),
    caseReused: aggregation(caseCode, [stranger], { eventTime: at(100) }),
    caseLater: objectEvent([caseCode], { action: 'OBSERVE', bizStep: 'shipping', eventTime: at(50) }),
    itemSold: objectEvent([item], { action: 'OBSERVE', bizStep: 'retail_selling', disposition: 'retail_sold', eventTime: at(40) }),
  };

  before(async () => {
    await capture(t, Object.values(e));
  });

  test('an item\'s trace holds its own events, its batch\'s up to the transformation, and its containers\' while it was inside, oldest first', async () => {
    assert.deepEqual(await traceIds(t, item), ids(
      e.batchMade, e.batchShipped, e.made, e.packed, e.inParcel, e.loaded, e.shipped, e.unloaded, e.parcelOut, e.caseOut, e.unpackedCase, e.itemSold,
    ));
  });

  test('FORWARD is where it went (its containers), BACKWARD where it came from (the batch), each with the item\'s own events', async () => {
    assert.deepEqual(await traceIds(t, item, regulator(), 'FORWARD'), ids(
      e.made, e.packed, e.inParcel, e.loaded, e.shipped, e.unloaded, e.parcelOut, e.caseOut, e.unpackedCase, e.itemSold,
    ));
    assert.deepEqual(await traceIds(t, item, regulator(), 'BACKWARD'), ids(
      e.batchMade, e.batchShipped, e.made, e.packed, e.unpackedCase, e.itemSold,
    ));
  });

  test('after disaggregation the container\'s and the reused case\'s events are no longer the item\'s', async () => {
    const trace = await traceIds(t, item);
    for (const later of [e.containerLater, e.caseReused, e.caseLater]) assert.ok(!trace.includes(later.eventId as string), String(later.bizStep));
  });

  test('a batch traced FORWARD reaches the items made from it and everything that carried them', async () => {
    assert.deepEqual(await traceIds(t, batch, regulator(), 'FORWARD'), ids(
      e.batchMade, e.batchShipped, e.made, e.batchLater, e.packed, e.inParcel, e.loaded, e.shipped, e.unloaded, e.parcelOut, e.caseOut,
      e.unpackedCase, e.itemSold,
    ));
  });

  test('a parcel traced BACKWARD reaches what it held while it held it and where that came from; not where the parcel went', async () => {
    const trace = await traceIds(t, parcel, regulator(), 'BACKWARD');
    assert.deepEqual(trace, ids(e.batchMade, e.batchShipped, e.made, e.packed, e.inParcel, e.loaded, e.parcelOut, e.caseOut));
    for (const excluded of [e.shipped, e.unpackedCase, e.caseReused, e.itemSold]) assert.ok(!trace.includes(excluded.eventId as string), String(excluded.bizStep));
  });

  test('the trace names the declarations its events carry; an unknown code is null; a malformed one is BAD_USER_INPUT', async () => {
    const trace = assertData(await t.request(TRACE, { code: item }, regulator())).trace;
    assert.deepEqual(trace.declarations, [{ id: 'c0ffee00-0000-4000-8000-000000000001' }]);
    assert.equal(trace.direction, 'BOTH');
    assert.equal(trace.truncated, false);
    assert.equal(assertData(await t.request(TRACE, { code: sgtin(GTIN, 'never-seen') }, regulator())).trace, null);
    assertError(await t.request(TRACE, { code: 'has space' }, regulator()), 'BAD_USER_INPUT', 'code');
  });

  test('Declaration.trace finds the events naming the declaration and the chains of their codes', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Declaration { id trace { code events { eventId } } } } }`;
    const [declaration] = assertData(await t.request(query, { r: [{ __typename: 'Declaration', id: 'c0ffee00-0000-4000-8000-000000000001' }] }, regulator()))._entities;
    assert.equal(declaration.trace.code, 'c0ffee00-0000-4000-8000-000000000001');
    const found = declaration.trace.events.map((event: { eventId: string }) => event.eventId);
    for (const expected of ids(e.parcelOut, e.inParcel, e.packed, e.made, e.batchMade)) assert.ok(found.includes(expected), expected);
    const [none] = assertData(await t.request(query, { r: [{ __typename: 'Declaration', id: randomUUID() }] }, regulator()))._entities;
    assert.equal(none.trace, null);
  });

  test('a trace longer than TRACE_MAX_EVENTS holds the oldest events and says it is truncated', async () => {
    const small = await startTestTraceability({ TRACE_MAX_EVENTS: '3' });
    try {
      await capture(small, Object.values(e));
      const trace = assertData(await small.request(TRACE, { code: item }, regulator())).trace;
      assert.equal(trace.truncated, true);
      assert.deepEqual(trace.events.map((event: { eventId: string }) => event.eventId), ids(e.batchMade, e.batchShipped, e.made));
    } finally {
      await small.stop();
    }
  });
});

describe('tenancy: who reads which events', () => {
  const BRAND = validUscc('tenancy-brand');
  const LOGISTICS = validUscc('tenancy-logistics');
  const OTHER = validUscc('tenancy-other');
  const GTIN = validGtin13('tenancy');
  const item = sgtin(GTIN, 'tenancy-1');
  const otherItem = sgtin(validGtin13('tenancy-other-goods'), 'x-1');
  const [caseCode, parcel, unrelatedParcel] = [sscc(501), sscc(502), sscc(503)];
  const brand = {
    made: objectEvent([item], { eventTime: at(900) }),
    packed: aggregation(caseCode, [item], { eventTime: at(800) }),
  };
  const logistics = {
    inParcel: aggregation(parcel, [caseCode], { eventTime: at(700), bizTransactionList: [{ type: 'waybill', id: 'SF-TEN-1' }] }),
    departed: objectEvent([parcel], { action: 'OBSERVE', bizStep: 'departing', eventTime: at(600) }),
    emptied: aggregation(parcel, [], { action: 'DELETE', bizStep: 'unpacking', eventTime: at(500) }),
    reused: aggregation(parcel, [otherItem], { eventTime: at(400) }),
    reusedOut: objectEvent([parcel], { action: 'OBSERVE', bizStep: 'departing', eventTime: at(300) }),
    unrelated: objectEvent([unrelatedParcel], { action: 'OBSERVE', bizStep: 'departing', eventTime: at(650) }),
  };
  const other = { made: objectEvent([otherItem], { eventTime: at(450) }) };

  before(async () => {
    for (const uscc of [BRAND, LOGISTICS, OTHER]) await t.fileEnterprise(uscc);
    assertData(await t.request(FILE_PRODUCT, { input: productInput({ gtin: GTIN }) }, enterpriseCaller(BRAND)));
    assertData(await t.request(FILE_PRODUCT, { input: productInput({ gtin: validGtin13('tenancy-other-goods') }) }, enterpriseCaller(OTHER)));
    await capture(t, Object.values(brand), enterpriseCaller(BRAND));
    await capture(t, Object.values(logistics), enterpriseCaller(LOGISTICS));
    await capture(t, Object.values(other), enterpriseCaller(OTHER));
  });

  test('a regulator reads the whole chain, with every enterprise involved', async () => {
    const trace = assertData(await t.request(TRACE, { code: item }, regulator())).trace;
    assert.deepEqual(trace.events.map((event: { eventId: string }) => event.eventId), ids(
      brand.made, brand.packed, logistics.inParcel, logistics.departed, logistics.emptied,
    ));
    assert.deepEqual(trace.enterprises.map((enterprise: { uscc: string }) => enterprise.uscc).sort(), [BRAND, LOGISTICS].sort());
    assert.deepEqual(trace.events.map((event: { enterprise: { uscc: string } }) => event.enterprise.uscc), [BRAND, BRAND, LOGISTICS, LOGISTICS, LOGISTICS]);
  });

  test('the brand reads its product\'s chain, the carrier\'s events included, while its goods were inside', async () => {
    assert.deepEqual(await traceIds(t, item, enterpriseCaller(BRAND)), ids(
      brand.made, brand.packed, logistics.inParcel, logistics.departed, logistics.emptied,
    ));
    const parcelTrace = await traceIds(t, parcel, enterpriseCaller(BRAND));
    assert.deepEqual(parcelTrace, ids(brand.made, brand.packed, logistics.inParcel, logistics.departed, logistics.emptied));
    assert.ok(!parcelTrace.includes(logistics.reusedOut.eventId as string), 'the parcel\'s later trip carried someone else\'s goods');
    assert.deepEqual(await traceIds(t, unrelatedParcel, enterpriseCaller(BRAND)), []);
  });

  test('the carrier reads the events it captured, not the brand\'s on the goods it carried', async () => {
    assert.deepEqual(await traceIds(t, parcel, enterpriseCaller(LOGISTICS)), ids(
      logistics.inParcel, logistics.departed, logistics.emptied, logistics.reused, logistics.reusedOut,
    ));
    assert.deepEqual(await traceIds(t, item, enterpriseCaller(LOGISTICS)), ids(logistics.inParcel, logistics.departed, logistics.emptied));
  });

  test('another enterprise\'s key reads nothing of this chain', async () => {
    for (const code of [item, caseCode, unrelatedParcel]) {
      assert.equal(assertData(await t.request(TRACE, { code }, enterpriseCaller(OTHER))).trace, null, code);
    }
    // Its own goods' chain shows its event and the carrier's while they were inside — not the brand's.
    assert.deepEqual(await traceIds(t, otherItem, enterpriseCaller(OTHER)), ids(other.made, logistics.reused, logistics.reusedOut));
  });

  test('a partner is FORBIDDEN; no identity is UNAUTHENTICATED', async () => {
    assertError(await t.request(TRACE, { code: item }, partnerCaller(BRAND)), 'FORBIDDEN');
    assertError(await t.request(TRACE, { code: item }), 'UNAUTHENTICATED');
  });
});

describe('transformation ids spanning events', () => {
  test('inputs and outputs captured in separate events with one transformationId are one transformation', async () => {
    const GTIN = validGtin13('xform');
    const xform = `urn:uuid:${randomUUID()}`;
    const flour = lgtin(GTIN, 'FLOUR-1');
    const bread = sgtin(GTIN, 'bread-1');
    const flourMade = objectEvent([], { quantityList: [{ epcClass: flour, quantity: 20, uom: 'KGM' }], eventTime: at(300) });
    const consumed = { eventId: `urn:uuid:${randomUUID()}`, eventType: 'TRANSFORMATION', eventTime: at(200), transformationId: xform,
      inputQuantityList: [{ epcClass: flour, quantity: 2, uom: 'KGM' }], bizStep: 'assembling' };
    const produced = { eventId: `urn:uuid:${randomUUID()}`, eventType: 'TRANSFORMATION', eventTime: at(190), transformationId: xform,
      outputEpcList: [bread], bizStep: 'commissioning' };
    await capture(t, [flourMade, consumed]);
    await capture(t, [produced]);
    assert.deepEqual(await traceIds(t, bread, regulator(), 'BACKWARD'), ids(flourMade, consumed, produced));
    assert.deepEqual(await traceIds(t, flour, regulator(), 'FORWARD'), ids(flourMade, consumed, produced));
  });
});
