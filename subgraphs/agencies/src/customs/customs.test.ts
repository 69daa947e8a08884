import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { customsRejects, receiptPlanFor } from '../simulators';
import { busEvents, startTestAgencies, until, type TestAgencies } from '../testing/agencies-harness';
import { RECEIPTS_PATH } from './customs.receipts';

const STEP_MS = 40;
let t: TestAgencies;
let seq = 0;

/** A declaration with a copNo customs accepts (or, with `rejected`, one it rejects). */
function declaration(messageType = 'CEB621', rejected = false) {
  for (;;) {
    seq += 1;
    const copNo = `COP${process.pid}${String(seq).padStart(6, '0')}`;
    if (customsRejects(copNo) === rejected) return { declarationId: `D-${copNo}`, copNo, messageType, payload: { orderNo: `O-${copNo}` } };
  }
}

const receiptsOf = async (declarationId: string) => busEvents(t.sql, 'agencies.customs.receipt-received', declarationId);

before(async () => {
  t = await startTestAgencies();
  await t.simulators.customs.control({ receiptStepMs: STEP_MS, callbackBackoffMs: 10 });
});

after(async () => {
  await t?.stop();
});

test('a declaration handed to customs comes back as receipts on the callback, each published once in order', async () => {
  const sent = declaration('CEB621');
  await t.agencies.services.customs.submitDeclaration(sent);
  const plan = receiptPlanFor(sent.copNo, 'CEB621');
  assert.ok(await until(async () => (await receiptsOf(sent.declarationId)).length === plan.length), 'every receipt arrived');
  const events = await receiptsOf(sent.declarationId);
  assert.deepEqual(events.map((event) => [event.data.code, event.data.message, event.data.messageType, event.data.copNo]),
    plan.map((step) => [step.code, step.message, 'CEB622', sent.copNo]));
  assert.deepEqual(Object.keys(events[0].data).sort(), ['code', 'copNo', 'declarationId', 'issuedAt', 'message', 'messageType', 'receiptId']);
  const via = await t.sql`select distinct received_via from agencies.customs_receipts where declaration_id = ${sent.declarationId}`;
  assert.deepEqual(via.map((row) => row.received_via), ['CALLBACK']);
});

test('a receipt delivered twice is acknowledged and not published again; a caller without the token is refused', async () => {
  const sent = declaration('CEB311');
  await t.agencies.services.customs.submitDeclaration(sent);
  assert.ok(await until(async () => (await receiptsOf(sent.declarationId)).length === 2));
  const [first] = await receiptsOf(sent.declarationId);
  const url = new URL(RECEIPTS_PATH, t.agencies.url).toString();
  const post = (authorization: string, body: unknown) => fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(body),
  });
  const again = await post(`Bearer ${t.simulators.customs.token}`, first.data);
  assert.equal(again.status, 200);
  assert.deepEqual(await again.json(), { accepted: true, duplicate: true });
  assert.equal((await receiptsOf(sent.declarationId)).length, 2);

  assert.equal((await post('Bearer not-the-customs-token', { ...first.data, receiptId: 'RC-FORGED' })).status, 401);
  assert.equal((await post(`Bearer ${t.simulators.customs.token}`, { ...first.data, code: 'released' })).status, 400);
  assert.equal((await t.sql`select 1 from agencies.customs_receipts where receipt_id = 'RC-FORGED'`).length, 0);
});

test('when the callback cannot reach us, the poller fetches the receipts, once', async () => {
  await t.simulators.customs.control({ callbackRetries: 0 });
  const callbackUrl = t.agencies.services.customs.callbackUrl;
  // A loopback port nobody listens on: every callback fails.
  t.agencies.services.customs.callbackUrl = 'http://127.0.0.1:9/customs/receipts';
  const sent = declaration('CEB303');
  try {
    await t.agencies.services.customs.submitDeclaration(sent);
  } finally {
    t.agencies.services.customs.callbackUrl = callbackUrl;
  }
  const plan = receiptPlanFor(sent.copNo, 'CEB303');
  await sleep(STEP_MS * plan.length + 300);
  assert.equal((await receiptsOf(sent.declarationId)).length, 0, 'no callback got through');

  assert.equal(await t.agencies.services.customs.pollOnce(), plan.length);
  assert.equal(await t.agencies.services.customs.pollOnce(), 0);
  const events = await receiptsOf(sent.declarationId);
  assert.deepEqual(events.map((event) => event.data.code), plan.map((step) => step.code));
  const via = await t.sql`select distinct received_via from agencies.customs_receipts where declaration_id = ${sent.declarationId}`;
  assert.deepEqual(via.map((row) => row.received_via), ['POLL']);
  await t.simulators.customs.control({ callbackRetries: 3 });
});

test('a rejection (code 100) ends the polling of its declaration', async () => {
  const sent = declaration('CEB621', true);
  await t.agencies.services.customs.submitDeclaration(sent);
  assert.ok(await until(async () => (await receiptsOf(sent.declarationId)).some((event) => event.data.code === '100')));
  const [row] = await t.sql`select poll_until <= now() as done from agencies.customs_declarations where declaration_id = ${sent.declarationId}`;
  assert.equal(row.done, true);
});
