import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { createSql, usccCheckCharacter, type Sql } from '@sw/kernel';
import { asAdmin, post, startStack, type Stack } from './stack';

const uscc = (body: string) => `91410100MA${body}` + usccCheckCharacter(`91410100MA${body}`);
const BRAND = uscc('4TRC001');
const OUTSIDER = uscc('4TRC002');
// GTIN-13 6901234567892 (GS1 mod-10 check digit 2) and its items as SGTIN EPC URIs.
const GTIN = '6901234567892';
const item = (serial: number) => `urn:epc:id:sgtin:6901234.056789.${serial}`;
const parcel = 'urn:epc:id:sscc:6901234.0000000077';
const shanghai = (minutesAgo: number) => `${new Date(Date.now() - minutesAgo * 60_000 + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;

const CAPTURE = `mutation($events: [TraceEventInput!]!) { captureTraceEvents(events: $events) { accepted duplicates rejectedCount rejected { index field message } } }`;

let stack: Stack;
let sql: Sql;
let url: string;

/** Sends a raw body to the gateway: the status and the parsed answer. */
async function send(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(30_000) });
  return { status: response.status, body: await response.json() as { data?: Record<string, any>; errors?: { extensions?: Record<string, unknown> }[] } };
}

before(async () => {
  stack = await startStack();
  url = stack.gateway.url;
  sql = createSql(stack.database.url, 2);
  for (const [code, name] of [[BRAND, '郑州溯源示范品牌有限公司'], [OUTSIDER, '洛阳另一家电商有限公司']]) {
    const filed = await post(url, `mutation($i: FileEnterpriseInput!) { fileEnterprise(input: $i) { uscc } }`, {
      i: { uscc: code, name, region: 'ZHENGZHOU', roles: ['ECOMMERCE_ENTERPRISE', 'MANUFACTURER'] },
    }, asAdmin);
    assert.equal(filed.errors, undefined, JSON.stringify(filed.errors));
  }
  // Traceability learns of filings from the registry's events: wait (bounded) until its projection has both.
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [row] = await sql`select count(*)::int as n from traceability.enterprises where uscc = any(${[BRAND, OUTSIDER]})`;
    if (row.n === 2) break;
    assert.ok(Date.now() < deadline, `traceability's registry projection has ${row.n} of 2 filings after 15 s`);
    await sleep(50);
  }
});

after(async () => {
  await sql?.end({ timeout: 5 });
  await stack?.stop();
});

test('through the gateway: file a product, capture its events, trace an item to its parcel', async () => {
  const filed = await post(url, `mutation($i: ProductInput!) { fileProduct(input: $i) { id gtin status owner { uscc name } } }`, {
    i: { sku: 'E2E-MILK-800', name: '婴幼儿配方奶粉 800g', hsCode: '1901101000', originCountry: 'NZ', gtin: GTIN, owner: BRAND },
  }, asAdmin);
  assert.equal(filed.errors, undefined, JSON.stringify(filed.errors));
  assert.deepEqual({ ...filed.data?.fileProduct, id: undefined }, { id: undefined, gtin: GTIN, status: 'FILED', owner: { uscc: BRAND, name: '郑州溯源示范品牌有限公司' } });

  const events = [
    { eventId: `urn:uuid:${randomUUID()}`, eventType: 'OBJECT', action: 'ADD', eventTime: shanghai(60), epcList: [item(1), item(2)], bizStep: 'commissioning' },
    { eventId: `urn:uuid:${randomUUID()}`, eventType: 'AGGREGATION', action: 'ADD', eventTime: shanghai(50), parentId: parcel, childEpcs: [item(1)],
      bizStep: 'packing', bizTransactionList: [{ type: 'waybill', id: 'YT-E2E-0001' }] },
    { eventId: `urn:uuid:${randomUUID()}`, eventType: 'OBJECT', action: 'OBSERVE', eventTime: shanghai(40), epcList: [parcel], bizStep: 'departing',
      disposition: 'in_transit' },
  ];
  const captured = await post(url, CAPTURE, { events }, asAdmin);
  assert.deepEqual(captured.data?.captureTraceEvents, { accepted: 3, duplicates: 0, rejectedCount: 0, rejected: [] });

  const traced = await post(url, `query($c: String!) { trace(code: $c) { code events { eventType bizStep } enterprises { uscc name } } }`, { c: item(1) }, asAdmin);
  assert.equal(traced.errors, undefined, JSON.stringify(traced.errors));
  assert.deepEqual(traced.data?.trace.events, [
    { eventType: 'OBJECT', bizStep: 'commissioning' }, { eventType: 'AGGREGATION', bizStep: 'packing' }, { eventType: 'OBJECT', bizStep: 'departing' },
  ]);
  assert.deepEqual(traced.data?.trace.enterprises, [{ uscc: BRAND, name: '郑州溯源示范品牌有限公司' }], 'the registry completes the enterprise');

  const products = await post(url, `query($u: ID!) { enterprise(uscc: $u) { products { totalCount edges { node { gtin } } } } }`, { u: BRAND }, asAdmin);
  assert.deepEqual(products.data?.enterprise.products, { totalCount: 1, edges: [{ node: { gtin: GTIN } }] });
});

test('another enterprise\'s key reads nothing of the brand\'s trace or products', async () => {
  const issued = await post(url, `mutation($i: IssueApiKeyInput!) { issueApiKey(input: $i) { key } }`,
    { i: { label: 'outsider', role: 'ENTERPRISE', uscc: OUTSIDER, scopes: ['trace:write'] } }, asAdmin);
  const outsider = { authorization: `Bearer ${issued.data?.issueApiKey.key}` };
  const traced = await post(url, `query($c: String!) { trace(code: $c) { events { eventId } } }`, { c: item(1) }, outsider);
  assert.equal(traced.errors, undefined, JSON.stringify(traced.errors));
  assert.equal(traced.data?.trace, null);
  const products = await post(url, `{ products { totalCount } }`, {}, outsider);
  assert.equal(products.data?.products.totalCount, 0);
  const theirs = await post(url, `query($u: ID!) { enterprise(uscc: $u) { products { totalCount } } }`, { u: BRAND }, outsider);
  assert.equal(theirs.errors?.[0]?.extensions?.code, 'FORBIDDEN');
});

test('captureTraceEvents gets the bulk body limit: a batch over BODY_LIMIT (1mb) is accepted, another operation that size is 413', async () => {
  const events = Array.from({ length: 3000 }, (_, i) => ({
    eventId: `urn:uuid:${randomUUID()}`, eventType: 'OBJECT', action: 'OBSERVE', eventTime: shanghai(30), epcList: [item(10_000 + i)],
    bizStep: 'urn:epcglobal:cbv:bizstep:storing', disposition: 'urn:epcglobal:cbv:disp:sellable_accessible', readPoint: 'urn:epc:id:sgln:6901234.00001.0',
    bizTransactionList: [{ type: 'urn:epcglobal:cbv:btt:po', id: `urn:epcglobal:cbv:bt:6901234567892:PO-${String(i).padStart(8, '0')}` }],
  }));
  const body = JSON.stringify({ query: CAPTURE, variables: { events } });
  assert.ok(body.length > 1024 * 1024, `the batch is ${body.length} bytes`);
  const bulk = await send(body, asAdmin);
  assert.equal(bulk.status, 200, JSON.stringify(bulk.body).slice(0, 500));
  assert.deepEqual(bulk.body.data?.captureTraceEvents, { accepted: 3000, duplicates: 0, rejectedCount: 0, rejected: [] });

  const other = await send(JSON.stringify({ query: `query($padding: [TraceEventInput!]) { __typename }`, variables: { padding: events } }), asAdmin);
  assert.equal(other.status, 413);
  assert.equal(other.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
});
