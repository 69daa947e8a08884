import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertData, assertError, busEvents, DECLARATION, fileFirms, firms, inventoryInput, orderInput, parcel, paymentInput, receipt, regulator,
  startTestClearance, submitParcel, SUBMIT_INVENTORY, SUBMIT_ORDER, SUBMIT_PAYMENT, SUBMIT_WAYBILL, tableCounts, waybillInput,
  type Firms, type TestClearance,
} from '../testing/clearance-harness';

let t: TestClearance;
let f: Firms;

before(async () => {
  t = await startTestClearance();
  f = firms('idempotency');
  await fileFirms(t, Object.values(f));
});

after(async () => {
  await t?.stop();
});

const HISTORY = `query($id: ID!) { declaration(id: $id) { status version
  statusHistory { from to reason }
  match { ok mismatches { field document } }
  history { document kind changed version actor }
  order { version history { kind changed } }
  payment { version amountPaid } } }`;

describe('resubmitting the same document', () => {
  test('returns the existing one for each of the four keys and writes nothing', async () => {
    const p = parcel();
    const declaration = await submitParcel(t, f, p);
    const before = await tableCounts(t.sql);
    const order = assertData(await t.request(SUBMIT_ORDER, { input: orderInput(f, p) }, regulator())).submitOrder;
    const payment = assertData(await t.request(SUBMIT_PAYMENT, { input: paymentInput(f, p) }, regulator())).submitPayment;
    const waybill = assertData(await t.request(SUBMIT_WAYBILL, { input: waybillInput(f, p) }, regulator())).submitWaybill;
    const again = assertData(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p) }, regulator())).submitInventory;
    assert.deepEqual(await tableCounts(t.sql), before);
    assert.equal(again.id, declaration.id);
    assert.deepEqual([order.version, payment.version, waybill.version], [1, 1, 1]);
    // Written as 300.0 instead of 300.00 and with the defaults spelled out: still the same content.
    assertData(await t.request(SUBMIT_ORDER, { input: orderInput(f, p, { ieFlag: 'I', currency: 'CNY', goodsValue: '300.0' }) }, regulator()));
    assert.deepEqual(await tableCounts(t.sql), before);
  });

  test('after customs took it, the same content still returns it', async () => {
    const p = parcel();
    const declaration = await submitParcel(t, f, p);
    assertData(await receipt(t, declaration.id, '2'));
    assertData(await receipt(t, declaration.id, '120'));
    const again = assertData(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p) }, regulator())).submitInventory;
    assert.equal(again.status, 'UNDER_REVIEW');
  });
});

describe('amending a document before customs review', () => {
  test('a wrong payment amount is MISMATCHED; the corrected payment makes it MATCHED, both recorded in history', async () => {
    const p = parcel();
    assertData(await t.request(SUBMIT_ORDER, { input: orderInput(f, p) }, regulator()));
    assertData(await t.request(SUBMIT_PAYMENT, { input: paymentInput(f, p, { amountPaid: '309.00' }) }, regulator()));
    assertData(await t.request(SUBMIT_WAYBILL, { input: waybillInput(f, p) }, regulator()));
    const declared = assertData(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p) }, regulator())).submitInventory;
    assert.equal(declared.status, 'MISMATCHED');
    assert.deepEqual(declared.match.mismatches, [{ field: 'amountPaid', document: 'PAYMENT', expected: '310.00', actual: '309.00' }]);
    const [mismatched] = await busEvents(t.sql, 'clearance.match.mismatched', declared.id);
    assert.deepEqual(mismatched.data.mismatches, declared.match.mismatches);

    const amended = assertData(await t.request(SUBMIT_PAYMENT, { input: paymentInput(f, p) }, regulator())).submitPayment;
    assert.equal(amended.version, 2);
    const read = assertData(await t.request(HISTORY, { id: declared.id }, regulator())).declaration;
    assert.equal(read.status, 'MATCHED');
    assert.deepEqual(read.match, { ok: true, mismatches: [] });
    assert.deepEqual(read.statusHistory.map((c: { to: string }) => c.to), ['DECLARED', 'MISMATCHED', 'MATCHED']);
    assert.match(read.statusHistory.at(-1).reason, /PAYMENT amended \(amountPaid\)/);
    assert.equal(read.payment.version, 2);
    assert.deepEqual(read.history.filter((c: { kind: string }) => c.kind === 'AMENDED').map((c: { document: string; changed: string[]; version: number }) => [c.document, c.changed, c.version]), [
      ['PAYMENT', ['amountPaid'], 2],
    ]);
    assert.equal((await busEvents(t.sql, 'clearance.declaration.ready-for-customs', declared.id)).length, 1);
  });

  test('an amended inventory list of a matched declaration re-runs the match and goes to customs again as a modification', async () => {
    const p = parcel();
    const declaration = await submitParcel(t, f, p);
    const amended = assertData(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p, { grossWeight: '1.5', netWeight: '1.2' }) }, regulator())).submitInventory;
    assert.equal(amended.status, 'MATCHED');
    const read = assertData(await t.request(HISTORY, { id: declaration.id }, regulator())).declaration;
    assert.equal(read.version, 2);
    assert.deepEqual(read.history.filter((c: { kind: string }) => c.kind === 'AMENDED').map((c: { changed: string[] }) => c.changed), [['grossWeight', 'netWeight']]);
    const handOffs = await busEvents(t.sql, 'clearance.declaration.ready-for-customs', declaration.id);
    assert.deepEqual(handOffs.map((e) => [e.data.appType, e.data.version]), [['1', 1], ['2', 2]]);
  });

  test('an amendment that breaks a matched group makes it MISMATCHED', async () => {
    const p = parcel();
    const declaration = await submitParcel(t, f, p);
    assertData(await t.request(SUBMIT_WAYBILL, { input: waybillInput(f, p, { consigneeTelephone: '13912345678' }) }, regulator()));
    const read = assertData(await t.request(HISTORY, { id: declaration.id }, regulator())).declaration;
    assert.equal(read.status, 'MISMATCHED');
    assert.deepEqual(read.match.mismatches, [{ field: 'consigneeTelephone', document: 'WAYBILL' }]);
  });

  test('once customs has the declaration, changed content is CONFLICT and changes nothing', async () => {
    const p = parcel();
    const declaration = await submitParcel(t, f, p);
    assertData(await receipt(t, declaration.id, '2'));
    const before = await tableCounts(t.sql);
    assertError(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p, { grossWeight: '9' }) }, regulator()), 'CONFLICT');
    assertError(await t.request(SUBMIT_ORDER, { input: orderInput(f, p, { consignee: '李四' }) }, regulator()), 'CONFLICT');
    assertError(await t.request(SUBMIT_PAYMENT, { input: paymentInput(f, p, { telephone: '13900000000' }) }, regulator()), 'CONFLICT');
    assertError(await t.request(SUBMIT_WAYBILL, { input: waybillInput(f, p, { weight: '3' }) }, regulator()), 'CONFLICT');
    assert.deepEqual(await tableCounts(t.sql), before);
    const read = assertData(await t.request(DECLARATION, { id: declaration.id }, regulator())).declaration;
    assert.equal(read.status, 'SUBMITTED');
  });

  test('a second inventory list for the same order is CONFLICT', async () => {
    const p = parcel();
    await submitParcel(t, f, p);
    assertError(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p, { copNo: `${p.copNo}B` }) }, regulator()), 'CONFLICT');
  });
});
