import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEV_PII_HASH_KEY, DEV_PII_KEYS, PiiVault } from '@sw/kernel';
import {
  assertData, assertError, busEvents, DECLARATION, fileFirms, waitForOffset, firms, inventoryInput, orderInput, parcel, paymentInput, receipt, regulator,
  startTestClearance, submitParcel, SUBMIT_INVENTORY, SUBMIT_ORDER, SUBMIT_PAYMENT, SUBMIT_WAYBILL, tableCounts, until, waybillInput,
  type Firms, type TestClearance,
} from '../testing/clearance-harness';

let t: TestClearance;
let f: Firms;

before(async () => {
  t = await startTestClearance();
  f = firms('lifecycle');
  await fileFirms(t, Object.values(f));
});

after(async () => {
  await t?.stop();
});

const statuses = (declaration: { statusHistory: { to: string }[] }) => declaration.statusHistory.map((change) => change.to);

describe('the happy path', () => {
  test('four matching documents make a MATCHED declaration, handed to customs with the buyer masked', async () => {
    const p = parcel();
    const declaration = await submitParcel(t, f, p);
    assert.equal(declaration.status, 'MATCHED');
    assert.deepEqual(declaration.match, { ok: true, mismatches: [] });
    assert.equal(declaration.mode, 'MODE_9610');
    assert.equal(declaration.direction, 'IMPORT');
    assert.deepEqual(declaration.enterprise, { uscc: f.ecommerce.uscc });
    assert.deepEqual(declaration.platform, { uscc: f.platform.uscc });
    assert.deepEqual(statuses(declaration), ['DECLARED', 'MATCHED']);
    assert.equal(declaration.buyer.idNumber, `${p.buyerIdNumber.slice(0, 6)}********${p.buyerIdNumber.slice(14)}`);
    assert.equal(declaration.buyer.name, '张*');

    const [handOff] = await busEvents(t.sql, 'clearance.declaration.ready-for-customs', declaration.id);
    assert.equal(handOff.data.messageType, 'CEB621');
    assert.equal(handOff.data.appType, '1');
    const text = JSON.stringify(handOff.data);
    for (const secret of [p.buyerIdNumber, p.buyerName, p.buyerTelephone, p.consigneeAddress]) assert.ok(!text.includes(secret), `${secret} on the bus`);
    const head = (handOff.data.message as { head: Record<string, unknown> }).head;
    assert.equal(head.copNo, p.copNo);
    assert.equal(head.ebcCode, f.ecommerce.customsCode);
    assert.equal(head.tradeMode, '9610');
  });

  test('receipts drive it to CLEARED, each transition with time, actor, reason and the receipt code', async () => {
    const declaration = await submitParcel(t, f, parcel());
    for (const code of ['2', '120', '399', '800', '899']) assertData(await receipt(t, declaration.id, code, `回执 ${code}`));
    const read = assertData(await t.request(DECLARATION, { id: declaration.id }, regulator())).declaration;
    assert.equal(read.status, 'CLEARED');
    assert.equal(read.receiptCode, '899');
    assert.deepEqual(read.statusHistory.map((c: { from: string; to: string; receiptCode: string | null }) => [c.from, c.to, c.receiptCode]), [
      [null, 'DECLARED', null], ['DECLARED', 'MATCHED', null], ['MATCHED', 'SUBMITTED', '2'], ['SUBMITTED', 'UNDER_REVIEW', '120'],
      ['UNDER_REVIEW', 'RELEASED', '800'], ['RELEASED', 'CLEARED', '899'],
    ]);
    assert.ok(read.statusHistory.every((c: { actor: string; reason: string }) => c.actor && c.reason));
    const changes = await busEvents(t.sql, 'clearance.declaration.status-changed', declaration.id);
    assert.deepEqual(changes.map((e) => [e.data.from, e.data.to, e.data.receiptCode]), [
      [null, 'DECLARED', null], ['DECLARED', 'MATCHED', null], ['MATCHED', 'SUBMITTED', '2'], ['SUBMITTED', 'UNDER_REVIEW', '120'],
      ['UNDER_REVIEW', 'RELEASED', '800'], ['RELEASED', 'CLEARED', '899'],
    ]);
    const [first] = changes;
    assert.deepEqual(Object.keys(first.data).sort(), [
      'at', 'copNo', 'declarationId', 'direction', 'enterprise', 'from', 'logisticsNo', 'mode', 'orderNo', 'parties', 'platform', 'reason', 'receiptCode', 'to',
    ]);
    assert.equal(first.data.enterprise, f.ecommerce.uscc);
    const [cleared] = await busEvents(t.sql, 'clearance.declaration.cleared', declaration.id);
    assert.deepEqual({ ...cleared.data, clearedAt: undefined, parties: undefined }, {
      declarationId: declaration.id, copNo: declaration.copNo, enterprise: f.ecommerce.uscc, parties: undefined, direction: 'IMPORT',
      mode: 'MODE_9610', country: 'JP', currency: 'CNY', valueCny: '300.00', lines: [{ hsChapter: '33', valueCny: '300.00' }], clearedAt: undefined,
    });
  });

  test('a list in a currency without a customs exchange rate is BAD_USER_INPUT naming input.currency', async () => {
    const p = parcel();
    const response = await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p, { currency: 'XOF' }) }, regulator());
    assertError(response, 'BAD_USER_INPUT', 'input.currency');
  });

  test('receipt events from the customs adapter drive the status, once per receiptId', async () => {
    const declaration = await submitParcel(t, f, parcel());
    const send = (code: string, receiptId: string) => t.publish({
      type: 'agencies.customs.receipt-received', subject: declaration.id, actor: 'customs',
      data: { declarationId: declaration.id, copNo: declaration.copNo, messageType: 'CEB622', code, message: `回执${code}`, issuedAt: new Date().toISOString(), receiptId },
    });
    await send('2', `${declaration.id}-r1`);
    await send('2', `${declaration.id}-r1`);
    await send('120', `${declaration.id}-r2`);
    await send('500', `${declaration.id}-r3`);
    await send('800', `${declaration.id}-r4`);
    await send('899', `${declaration.id}-r5`);
    assert.ok(await until(async () => {
      const [row] = await t.sql`select status from clearance.declarations where id = ${declaration.id}`;
      return row.status === 'CLEARED';
    }), 'the receipts did not clear the declaration');
    const read = assertData(await t.request(DECLARATION, { id: declaration.id }, regulator())).declaration;
    assert.deepEqual(statuses(read), ['DECLARED', 'MATCHED', 'SUBMITTED', 'UNDER_REVIEW', 'INSPECTION', 'RELEASED', 'CLEARED']);
    const receipts = await t.sql`select receipt_id, outcome from clearance.receipts where declaration_id = ${declaration.id} order by issued_at`;
    assert.equal(receipts.length, 5);
    assert.ok(read.statusHistory.slice(2).every((c: { actor: string }) => c.actor === 'customs'));
  });
});

describe('receipt codes', () => {
  test('1 changes nothing, 300 after 120 keeps UNDER_REVIEW, 599 detains and detention may return to review', async () => {
    const declaration = await submitParcel(t, f, parcel());
    assertData(await receipt(t, declaration.id, '1'));
    let read = assertData(await t.request(DECLARATION, { id: declaration.id }, regulator())).declaration;
    assert.equal(read.status, 'MATCHED');
    assert.equal(read.receiptCode, '1');
    for (const code of ['3', '120', '300', '599', '399']) assertData(await receipt(t, declaration.id, code));
    read = assertData(await t.request(DECLARATION, { id: declaration.id }, regulator())).declaration;
    assert.deepEqual(statuses(read), ['DECLARED', 'MATCHED', 'SUBMITTED', 'UNDER_REVIEW', 'DETAINED', 'UNDER_REVIEW']);
  });

  test('4 keeps the status and hands the declaration to customs again', async () => {
    const declaration = await submitParcel(t, f, parcel());
    assertData(await receipt(t, declaration.id, '2'));
    assertData(await receipt(t, declaration.id, '4', '发送海关失败'));
    const read = assertData(await t.request(DECLARATION, { id: declaration.id }, regulator())).declaration;
    assert.equal(read.status, 'SUBMITTED');
    const handOffs = await busEvents(t.sql, 'clearance.declaration.ready-for-customs', declaration.id);
    assert.deepEqual(handOffs.map((e) => e.data.attempt), [0, 1]);
  });

  test('a negative processing-error code rejects with the receipt\'s message, publishes rejected and releases the quota', async () => {
    const declaration = await submitParcel(t, f, parcel());
    assert.equal(declaration.quota.counted, true);
    assertData(await receipt(t, declaration.id, '-301', '报文格式错误：copNo 重复'));
    const read = assertData(await t.request(DECLARATION, { id: declaration.id }, regulator())).declaration;
    assert.equal(read.status, 'REJECTED');
    assert.equal(read.statusHistory.at(-1).reason, '报文格式错误：copNo 重复');
    assert.equal(read.statusHistory.at(-1).receiptCode, '-301');
    assert.equal(read.quota.counted, false);
    const [rejected] = await busEvents(t.sql, 'clearance.declaration.rejected', declaration.id);
    assert.equal(rejected.data.receiptCode, '-301');
    assert.equal(rejected.data.enterprise, f.ecommerce.uscc);
  });

  test('an illegal transition is CONFLICT and records nothing; a terminal status takes no receipt', async () => {
    const declaration = await submitParcel(t, f, parcel());
    const before = await tableCounts(t.sql);
    assertError(await receipt(t, declaration.id, '899'), 'CONFLICT');
    assertError(await receipt(t, declaration.id, '800'), 'CONFLICT');
    assert.deepEqual(await tableCounts(t.sql), before);
    assertData(await receipt(t, declaration.id, '100', '海关退单'));
    assertError(await receipt(t, declaration.id, '2'), 'CONFLICT');
  });

  test('the same receipt id twice is applied once', async () => {
    const declaration = await submitParcel(t, f, parcel());
    assertData(await receipt(t, declaration.id, '2', undefined, 'same-receipt'));
    assertData(await receipt(t, declaration.id, '2', undefined, 'same-receipt'));
    const [row] = await t.sql`select count(*)::int as n from clearance.status_changes where declaration_id = ${declaration.id} and to_status = 'SUBMITTED'`;
    assert.equal(row.n, 1);
  });

  test('an out-of-order receipt from customs is recorded as IGNORED and changes nothing', async () => {
    const declaration = await submitParcel(t, f, parcel());
    assertData(await receipt(t, declaration.id, '2'));
    assertData(await receipt(t, declaration.id, '120'));
    const late = await t.publish({
      type: 'agencies.customs.receipt-received', subject: declaration.id, actor: 'customs',
      data: { declarationId: declaration.id, copNo: declaration.copNo, messageType: 'CEB622', code: '3', message: '发送海关成功', issuedAt: new Date().toISOString(), receiptId: `${declaration.id}-late` },
    });
    assert.ok(await until(async () => (await t.sql`select 1 from clearance.receipts where receipt_id = ${`${declaration.id}-late`}`).length === 1));
    const [row] = await t.sql`select outcome from clearance.receipts where receipt_id = ${`${declaration.id}-late`}`;
    assert.equal(row.outcome, 'IGNORED');
    const read = assertData(await t.request(DECLARATION, { id: declaration.id }, regulator())).declaration;
    assert.equal(read.status, 'UNDER_REVIEW');
    assert.ok(late.seq > 0n);
  });

  test('recordCustomsReceipt is for regulators only, and names a bad code', async () => {
    const declaration = await submitParcel(t, f, parcel());
    const response = await t.request(`mutation($input: CustomsReceiptInput!) { recordCustomsReceipt(input: $input) { id } }`,
      { input: { declarationId: declaration.id, code: '2' } }, { subject: 'e', role: 'ENTERPRISE', uscc: f.ecommerce.uscc, scopes: ['declarations:write'] });
    assertError(response, 'FORBIDDEN');
    assertError(await receipt(t, declaration.id, '42'), 'BAD_USER_INPUT', 'input.code');
  });
});

describe('reading a declaration', () => {
  test('answers the list as declared, its documents and their history; money with two places', async () => {
    const p = parcel();
    const declaration = await submitParcel(t, f, p);
    const read = assertData(await t.request(`query($id: ID!) { declaration(id: $id) {
      goodsValue freight currency version
      head { declTime ieDate customsCode portCode tradeMode country }
      items { gnum gcode gname qty unit price totalPrice currency }
      order { orderNo actualPaid consignee consigneeAddress buyer { idType name } history { document kind version } }
      payment { amountPaid payer { name } }
      waybill { logisticsNo weight consigneeTelephone declaration { id } }
      history { document kind }
      receipts { code }
      consigneeAddress
    } }`, { id: declaration.id }, regulator())).declaration;
    assert.equal(read.goodsValue, '300.00');
    assert.equal(read.freight, '10.00');
    assert.match(read.head.declTime, /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual({ ...read.head, declTime: undefined }, { declTime: undefined, ieDate: null, customsCode: '4606', portCode: '4606', tradeMode: '9610', country: 'JP' });
    assert.deepEqual(read.items, [{ gnum: 1, gcode: '3304990099', gname: '面霜', qty: '2', unit: '011', price: '150.00', totalPrice: '300.00', currency: 'CNY' }]);
    assert.deepEqual(read.order, {
      orderNo: p.orderNo, actualPaid: '310.00', consignee: '张*', consigneeAddress: '河南省郑州市********', buyer: { idType: '1', name: '张*' },
      history: [{ document: 'ORDER', kind: 'SUBMITTED', version: 1 }],
    });
    assert.deepEqual(read.payment, { amountPaid: '310.00', payer: { name: '张*' } });
    assert.deepEqual(read.waybill, { logisticsNo: p.logisticsNo, weight: '1.2', consigneeTelephone: '138****1111', declaration: { id: declaration.id } });
    assert.deepEqual(read.history.map((c: { document: string }) => c.document).sort(), ['INVENTORY', 'ORDER', 'PAYMENT', 'WAYBILL']);
    assert.deepEqual(read.receipts, []);
    assert.equal(read.consigneeAddress, '河南省郑州市********');
  });
});

describe('the buyer as a Person', () => {
  test('Buyer.person is set once the registry files the buyer, with the id the registry derives (same PII_HASH_KEY)', async () => {
    const p = parcel();
    const declaration = await submitParcel(t, f, p);
    const PERSON = `query($id: ID!) { declaration(id: $id) { buyer { person { id } } } }`;
    assert.equal(assertData(await t.request(PERSON, { id: declaration.id }, regulator())).declaration.buyer.person, null);
    const personId = new PiiVault(DEV_PII_KEYS, Buffer.from(DEV_PII_HASH_KEY)).hash(p.buyerIdNumber);
    const event = await t.publish({ type: 'registry.person.filed', subject: personId, actor: 'test', data: { personId, region: 'ZHENGZHOU' } });
    await waitForOffset(t, 'registry-projection', event.seq);
    assert.deepEqual(assertData(await t.request(PERSON, { id: declaration.id }, regulator())).declaration.buyer.person, { id: personId });
  });
});

describe('documents in any order', () => {
  test('inventory first, then waybill, payment and order: the last one matches', async () => {
    const p = parcel();
    const declared = assertData(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p) }, regulator())).submitInventory;
    assert.equal(declared.status, 'DECLARED');
    assert.equal(declared.match, null);
    assertData(await t.request(SUBMIT_WAYBILL, { input: waybillInput(f, p) }, regulator()));
    assertData(await t.request(SUBMIT_PAYMENT, { input: paymentInput(f, p) }, regulator()));
    assertData(await t.request(SUBMIT_ORDER, { input: orderInput(f, p) }, regulator()));
    const read = assertData(await t.request(DECLARATION, { id: declared.id }, regulator())).declaration;
    assert.equal(read.status, 'MATCHED');
    assert.equal((await busEvents(t.sql, 'clearance.declaration.ready-for-customs', declared.id)).length, 1);
  });
});
