import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  assertData, fileFirms, firms, inventoryInput, orderInput, parcel, paymentInput, regulator, startTestClearance, SUBMIT_INVENTORY, SUBMIT_ORDER,
  SUBMIT_PAYMENT, SUBMIT_WAYBILL, waybillInput, type Firms, type TestClearance,
} from '../testing/clearance-harness';

let t: TestClearance;
let f: Firms;

before(async () => {
  t = await startTestClearance();
  f = firms('concurrency');
  await fileFirms(t, Object.values(f));
});

after(async () => {
  await t?.stop();
});

test('the four documents of many parcels submitted all at once, in every order, match each declaration exactly once', async () => {
  const parcels = Array.from({ length: 12 }, () => parcel());
  const submissions = parcels.flatMap((p, i) => {
    const four = [
      () => t.request(SUBMIT_ORDER, { input: orderInput(f, p) }, regulator()),
      () => t.request(SUBMIT_PAYMENT, { input: paymentInput(f, p) }, regulator()),
      () => t.request(SUBMIT_WAYBILL, { input: waybillInput(f, p) }, regulator()),
      () => t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p) }, regulator()),
    ];
    // Rotate so that each document type comes first for some parcels.
    return [...four.slice(i % 4), ...four.slice(0, i % 4)];
  });
  // Each document is also sent twice, as a retrying client would.
  const responses = await Promise.all([...submissions, ...submissions].map((submit) => submit()));
  for (const response of responses) assertData(response);

  const rows = await t.sql`
    select d.id, d.status,
           (select count(*)::int from clearance.status_changes s where s.declaration_id = d.id and s.to_status = 'MATCHED') as matched,
           (select count(*)::int from clearance.status_changes s where s.declaration_id = d.id) as changes,
           (select count(*)::int from bus.events e where e.type = 'clearance.declaration.ready-for-customs' and e.subject = d.id::text) as handed
      from clearance.declarations d where d.order_no = any(${parcels.map((p) => p.orderNo)})`;
  assert.equal(rows.length, parcels.length, 'one declaration per parcel');
  for (const row of rows) {
    assert.deepEqual({ status: row.status, matched: row.matched, changes: row.changes, handed: row.handed },
      { status: 'MATCHED', matched: 1, changes: 2, handed: 1 }, `declaration ${row.id}`);
  }
  const [counts] = await t.sql`
    select (select count(*)::int from clearance.orders where order_no = any(${parcels.map((p) => p.orderNo)})) as orders,
           (select count(*)::int from clearance.document_changes where kind = 'AMENDED') as amendments`;
  assert.deepEqual({ ...counts }, { orders: parcels.length, amendments: 0 });
});
