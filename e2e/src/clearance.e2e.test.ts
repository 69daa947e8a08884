import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { createSql, residentIdCheckCharacter, usccCheckCharacter, type Sql } from '@sw/kernel';
import { asAdmin, post, startStack, type Stack } from './stack';

const uscc = (body: string) => `91410100MA${body}` + usccCheckCharacter(`91410100MA${body}`);
const PLATFORM = { uscc: uscc('4CLR001'), customsCode: '4101960C01', roles: ['ECOMMERCE_PLATFORM'], name: '郑州跨境购平台有限公司' };
const ECOMMERCE = { uscc: uscc('4CLR002'), customsCode: '4101960C02', roles: ['ECOMMERCE_ENTERPRISE'], name: '郑州优选跨境电商有限公司' };
const PAYMENT = { uscc: uscc('4CLR003'), customsCode: '4101960C03', roles: ['PAYMENT'], name: '中原支付有限公司' };
const LOGISTICS = { uscc: uscc('4CLR004'), customsCode: '4101960C04', roles: ['LOGISTICS'], name: '郑州航空港物流有限公司' };
const OUTSIDER = { uscc: uscc('4CLR005'), customsCode: '4101960C05', roles: ['ECOMMERCE_ENTERPRISE'], name: '洛阳另一家电商有限公司' };
const BUYER_ID = '41010519900101' + '123' + residentIdCheckCharacter('41010519900101123');

let stack: Stack;
let sql: Sql;
let url: string;
let outsiderKey: Record<string, string>;

before(async () => {
  stack = await startStack();
  url = stack.gateway.url;
  sql = createSql(stack.database.url, 2);
  for (const firm of [PLATFORM, ECOMMERCE, PAYMENT, LOGISTICS, OUTSIDER]) {
    const filed = await post(url, `mutation($i: FileEnterpriseInput!) { fileEnterprise(input: $i) { uscc } }`, {
      i: { uscc: firm.uscc, name: firm.name, customsCode: firm.customsCode, region: 'ZHENGZHOU', roles: firm.roles },
    }, asAdmin);
    assert.equal(filed.errors, undefined, JSON.stringify(filed.errors));
  }
  // Clearance learns of filings from the registry's events: wait (bounded) until its projection has all five.
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [row] = await sql`select count(*)::int as n from clearance.enterprises where uscc = any(${[PLATFORM, ECOMMERCE, PAYMENT, LOGISTICS, OUTSIDER].map((f) => f.uscc)})`;
    if (row.n === 5) break;
    assert.ok(Date.now() < deadline, `clearance's registry projection has ${row.n} of 5 filings after 15 s`);
    await sleep(50);
  }
  const issued = await post(url, `mutation($i: IssueApiKeyInput!) { issueApiKey(input: $i) { key } }`,
    { i: { label: 'outsider', role: 'ENTERPRISE', uscc: OUTSIDER.uscc, scopes: ['declarations:write', 'pii:read'] } }, asAdmin);
  outsiderKey = { authorization: `Bearer ${issued.data?.issueApiKey.key}` };
});

after(async () => {
  await sql?.end({ timeout: 5 });
  await stack?.stop();
});

const ORDER_NO = 'E2E-ORDER-0001';
const documents = {
  order: {
    orderNo: ORDER_NO, ebpCode: PLATFORM.customsCode, ebcCode: ECOMMERCE.customsCode, goodsValue: '300.00', freight: '10.00', actualPaid: '310.00',
    buyerIdType: '1', buyerIdNumber: BUYER_ID, buyerName: '王小明', buyerTelephone: '13800001111', consignee: '王小明',
    consigneeAddress: '河南省郑州市金水区农业路1号', consigneeTelephone: '13800001111', payCode: PAYMENT.customsCode, payTransactionId: 'E2E-PAY-0001',
    items: [{ gnum: 1, itemName: '面霜', qty: '2', unit: '011', price: '150.00', totalPrice: '300.00', country: 'JP' }],
  },
  payment: {
    payCode: PAYMENT.customsCode, payTransactionId: 'E2E-PAY-0001', orderNo: ORDER_NO, ebpCode: PLATFORM.customsCode, payerIdType: '1',
    payerIdNumber: BUYER_ID, payerName: '王小明', amountPaid: '310.00',
  },
  waybill: {
    logisticsCode: LOGISTICS.customsCode, logisticsNo: 'E2E-LN-0001', orderNo: ORDER_NO, freight: '10.00', weight: '0.8', consignee: '王小明',
    consigneeAddress: '河南省郑州市金水区农业路1号', consigneeTelephone: '13800001111',
  },
  inventory: {
    copNo: 'E2E-COP-0001', orderNo: ORDER_NO, ebpCode: PLATFORM.customsCode, ebcCode: ECOMMERCE.customsCode, logisticsCode: LOGISTICS.customsCode,
    logisticsNo: 'E2E-LN-0001', tradeMode: '9610', buyerIdType: '1', buyerIdNumber: BUYER_ID, buyerName: '王小明', buyerTelephone: '13800001111',
    consigneeAddress: '河南省郑州市金水区农业路1号', freight: '10.00', country: 'JP',
    items: [{ gnum: 1, gcode: '3304990099', gname: '面霜', country: 'JP', qty: '2', unit: '011', qty1: '2', unit1: '011', price: '150.00', totalPrice: '300.00' }],
  },
};

let declarationId: string;

test('the four documents submitted through the gateway make a matched, taxed declaration whose enterprise the registry names', async () => {
  for (const [mutation, type, input] of [
    ['submitOrder', 'OrderInput', documents.order], ['submitPayment', 'PaymentInput', documents.payment],
    ['submitWaybill', 'WaybillInput', documents.waybill],
  ] as const) {
    const response = await post(url, `mutation($i: ${type}!) { ${mutation}(input: $i) { id } }`, { i: input }, asAdmin);
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
  }
  const submitted = await post(url, `mutation($i: InventoryInput!) { submitInventory(input: $i) { id status } }`, { i: documents.inventory }, asAdmin);
  assert.equal(submitted.errors, undefined, JSON.stringify(submitted.errors));
  declarationId = submitted.data?.submitInventory.id;

  const read = await post(url, `query($id: ID!) { declaration(id: $id) {
    status match { ok } tax { total } enterprise { name } platform { name uscc } buyer { name idNumber } } }`, { id: declarationId }, asAdmin);
  assert.equal(read.errors, undefined, JSON.stringify(read.errors));
  assert.deepEqual(read.data?.declaration, {
    status: 'MATCHED', match: { ok: true }, tax: { total: '71.48' }, enterprise: { name: ECOMMERCE.name },
    platform: { name: PLATFORM.name, uscc: PLATFORM.uscc }, buyer: { name: '王**', idNumber: `${BUYER_ID.slice(0, 6)}********${BUYER_ID.slice(14)}` },
  });
});

test('receipts recorded through the gateway clear it, and Enterprise.declarations lists it for its enterprise', async () => {
  for (const code of ['2', '120', '399', '800', '899']) {
    const response = await post(url, `mutation($i: CustomsReceiptInput!) { recordCustomsReceipt(input: $i) { status } }`,
      { i: { declarationId, code } }, asAdmin);
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
  }
  const read = await post(url, `query($u: ID!) { enterprise(uscc: $u) { name declarations(first: 5) { totalCount edges { node { id status receiptCode } } } } }`,
    { u: ECOMMERCE.uscc }, asAdmin);
  assert.equal(read.errors, undefined, JSON.stringify(read.errors));
  assert.deepEqual(read.data?.enterprise.declarations, { totalCount: 1, edges: [{ node: { id: declarationId, status: 'CLEARED', receiptCode: '899' } }] });
});

test('another enterprise\'s key reads nothing of the declaration and may not submit its documents', async () => {
  const byId = await post(url, `query($id: ID!) { declaration(id: $id) { id } }`, { id: declarationId }, outsiderKey);
  assert.deepEqual(byId.data, { declaration: null });
  const list = await post(url, `{ declarations(first: 50) { totalCount edges { node { id } } } }`, {}, outsiderKey);
  assert.deepEqual(list.data?.declarations, { totalCount: 0, edges: [] });
  const theirs = await post(url, `query($u: ID!) { enterprise(uscc: $u) { declarations { totalCount } } }`, { u: ECOMMERCE.uscc }, outsiderKey);
  assert.equal(theirs.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(theirs));
  const order = await post(url, `mutation($i: OrderInput!) { submitOrder(input: $i) { id } }`, { i: { ...documents.order, orderNo: 'E2E-ORDER-0002' } }, outsiderKey);
  assert.equal(order.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(order));
});

test('without declarations:write the gateway refuses a submission before clearance is called', async () => {
  const issued = await post(url, `mutation($i: IssueApiKeyInput!) { issueApiKey(input: $i) { key } }`,
    { i: { label: 'read only', role: 'ENTERPRISE', uscc: PLATFORM.uscc, scopes: [] } }, asAdmin);
  const response = await post(url, `mutation($i: OrderInput!) { submitOrder(input: $i) { id } }`, { i: { ...documents.order, orderNo: 'E2E-ORDER-0003' } },
    { authorization: `Bearer ${issued.data?.issueApiKey.key}` });
  assert.equal(response.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(response));
  const [row] = await sql`select count(*)::int as n from clearance.orders where order_no = 'E2E-ORDER-0003'`;
  assert.equal(row.n, 0);
});
