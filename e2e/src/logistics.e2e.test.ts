import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { createSql, residentIdCheckCharacter, usccCheckCharacter, type Sql } from '@sw/kernel';
import { Dashboard } from './orders';
import { ADMIN_KEY, asAdmin, post, startStack, type Stack } from './stack';

/**
 * The logistics subgraph through the gateway: the warehouse register, parcel milestones on
 * clearance's waybill (with its declaration from clearance), and parcelTracked over graphql-ws.
 */
const uscc = (body: string) => `91410100MA${body}` + usccCheckCharacter(`91410100MA${body}`);
const CARRIER = { uscc: uscc('4LGT001'), customsCode: '4101960L01', roles: ['LOGISTICS', 'WAREHOUSE'], name: '郑州航空港国际物流有限公司' };
const PLATFORM = { uscc: uscc('4LGT002'), customsCode: '4101960L02', roles: ['ECOMMERCE_PLATFORM'], name: '中原跨境购平台有限公司' };
const SELLER = { uscc: uscc('4LGT003'), customsCode: '4101960L03', roles: ['ECOMMERCE_ENTERPRISE'], name: '郑州海淘优选有限公司' };
const PAYMENT = { uscc: uscc('4LGT004'), customsCode: '4101960L04', roles: ['PAYMENT'], name: '郑州云付支付有限公司' };
const FIRMS = [CARRIER, PLATFORM, SELLER, PAYMENT];
const BUYER_ID = '41010519900101' + '456' + residentIdCheckCharacter('41010519900101456');
const LOGISTICS_NO = 'E2E-LGS-LN-0001';

let stack: Stack;
let sql: Sql;
let url: string;
let sellerKey: Record<string, string>;
const dashboards: Dashboard[] = [];

before(async () => {
  stack = await startStack();
  url = stack.gateway.url;
  sql = createSql(stack.database.url, 2);
  for (const firm of FIRMS) {
    const filed = await post(url, `mutation($i: FileEnterpriseInput!) { fileEnterprise(input: $i) { uscc } }`, {
      i: { uscc: firm.uscc, name: firm.name, customsCode: firm.customsCode, region: 'ZHENGZHOU', roles: firm.roles },
    }, asAdmin);
    assert.equal(filed.errors, undefined, JSON.stringify(filed.errors));
  }
  // Logistics and clearance learn of filings from the registry's events: wait (bounded) until both projections have them.
  await eventually(async () => {
    const [row] = await sql`select (select count(*)::int from logistics.enterprises where uscc = any(${FIRMS.map((f) => f.uscc)})) as logistics,
                                   (select count(*)::int from clearance.enterprises where uscc = any(${FIRMS.map((f) => f.uscc)})) as clearance`;
    return row.logistics === FIRMS.length && row.clearance === FIRMS.length;
  }, 'the registry projections of logistics and clearance');
  const issued = await post(url, `mutation($i: IssueApiKeyInput!) { issueApiKey(input: $i) { key } }`,
    { i: { label: 'seller', role: 'ENTERPRISE', uscc: SELLER.uscc, scopes: [] } }, asAdmin);
  assert.equal(issued.errors, undefined, JSON.stringify(issued.errors));
  sellerKey = { authorization: `Bearer ${issued.data?.issueApiKey.key}` };
});

after(async () => {
  for (const dashboard of dashboards) await dashboard.close().catch(() => {});
  await sql?.end({ timeout: 5 });
  await stack?.stop();
});

async function eventually(condition: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    assert.ok(Date.now() < deadline, `${what} not reached within ${timeoutMs / 1000} s`);
    await sleep(50);
  }
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const REPORT = `mutation($i: ParcelMilestoneInput!) { reportParcelMilestone(input: $i) { id kind cursor } }`;
const reportAs = (kind: string, minutes: number, headers: Record<string, string> = asAdmin) => post(url, REPORT, {
  i: { logisticsCode: CARRIER.customsCode, logisticsNo: LOGISTICS_NO, kind, occurredAt: minutesAgo(minutes), location: { city: 'Los Angeles', country: 'US' } },
}, headers);

test('a warehouse registered through the gateway is in the published register, with its operator from the registry', async () => {
  const registered = await post(url, `mutation($i: WarehouseInput!) { registerWarehouse(input: $i) { id status kind operator { uscc name } } }`, {
    i: { name: '郑州航空港公共海外仓（洛杉矶）', operatorUscc: CARRIER.uscc, kind: 'PUBLIC_OVERSEAS', country: 'US', city: 'Los Angeles', areaM2: 20000,
      services: ['STORAGE', 'FULFILMENT', 'LAST_MILE_DELIVERY'] },
  }, asAdmin);
  assert.equal(registered.errors, undefined, JSON.stringify(registered.errors));
  assert.deepEqual(registered.data?.registerWarehouse.operator, { uscc: CARRIER.uscc, name: CARRIER.name });
  const listed = await post(url, `query($f: WarehouseFilter) { warehouses(filter: $f, first: 10) { totalCount edges { node { id name country areaM2 status } } } }`,
    { f: { kind: 'PUBLIC_OVERSEAS', country: 'US' } }, sellerKey);
  assert.equal(listed.errors, undefined, JSON.stringify(listed.errors));
  assert.equal(listed.data?.warehouses.totalCount, 1);
  assert.deepEqual(listed.data?.warehouses.edges[0].node, {
    id: registered.data?.registerWarehouse.id, name: '郑州航空港公共海外仓（洛杉矶）', country: 'US', areaM2: 20000, status: 'ACTIVE',
  });
  const [event] = await sql`select data from bus.events where type = 'logistics.warehouse.registered'`;
  assert.equal(event.data.kind, 'PUBLIC_OVERSEAS');
});

test('milestones reported with the admin key stream to a parcelTracked subscriber through the gateway, and waybill() shows them in time order', async () => {
  const [{ seq }] = await sql`select coalesce(max(seq), 0)::text as seq from bus.events`;
  const dashboard = new Dashboard(url, `subscription($no: String!, $after: String) { parcelTracked(logisticsNo: $no, after: $after) {
    cursor kind location { city country } waybill { logisticsCode logisticsNo } } }`, { no: LOGISTICS_NO, after: seq }, `Bearer ${ADMIN_KEY}`);
  dashboards.push(dashboard);
  const reported: string[] = [];
  for (const [kind, minutes] of [['PICKED_UP', 90], ['DEPARTED', 80], ['ARRIVED', 20]] as const) {
    const response = await reportAs(kind, minutes);
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    reported.push(response.data?.reportParcelMilestone.cursor);
  }
  const received = await dashboard.received(3, 15_000);
  assert.deepEqual(received.map((result) => result.errors), [undefined, undefined, undefined], JSON.stringify(received));
  assert.deepEqual(received.map((result) => [result.data.parcelTracked.kind, result.data.parcelTracked.cursor]),
    [['PICKED_UP', reported[0]], ['DEPARTED', reported[1]], ['ARRIVED', reported[2]]]);
  assert.deepEqual(received[0].data.parcelTracked.waybill, { logisticsCode: CARRIER.customsCode, logisticsNo: LOGISTICS_NO });
  const waybill = await post(url, `query($no: String!) { waybill(logisticsNo: $no) { logisticsCode logisticsNo milestones { kind } } }`, { no: LOGISTICS_NO }, asAdmin);
  assert.equal(waybill.errors, undefined, JSON.stringify(waybill.errors));
  assert.deepEqual(waybill.data?.waybill, {
    logisticsCode: CARRIER.customsCode, logisticsNo: LOGISTICS_NO, milestones: [{ kind: 'PICKED_UP' }, { kind: 'DEPARTED' }, { kind: 'ARRIVED' }],
  });
  // Before clearance has a declaration for the parcel, the seller reads nothing of it.
  const hidden = await post(url, `query($no: String!) { waybill(logisticsNo: $no) { milestones { kind } } }`, { no: LOGISTICS_NO }, sellerKey);
  assert.deepEqual(hidden, { data: { waybill: null } });
});

test('once its declaration is in, waybill() joins the milestones with clearance\'s document and declaration, and the seller reads them', async () => {
  const ORDER_NO = 'E2E-LGS-ORDER-0001';
  const buyer = { buyerIdType: '1', buyerIdNumber: BUYER_ID, buyerName: '李小花', buyerTelephone: '13900002222' };
  const address = '河南省郑州市郑东新区商务外环路1号';
  const documents = [
    ['submitOrder', 'OrderInput', {
      orderNo: ORDER_NO, ebpCode: PLATFORM.customsCode, ebcCode: SELLER.customsCode, goodsValue: '200.00', freight: '10.00', actualPaid: '210.00', ...buyer,
      consignee: '李小花', consigneeAddress: address, consigneeTelephone: '13900002222', payCode: PAYMENT.customsCode, payTransactionId: 'E2E-LGS-PAY-0001',
      items: [{ gnum: 1, itemName: '保湿面霜', qty: '1', unit: '011', price: '200.00', totalPrice: '200.00', country: 'JP' }],
    }],
    ['submitPayment', 'PaymentInput', {
      payCode: PAYMENT.customsCode, payTransactionId: 'E2E-LGS-PAY-0001', orderNo: ORDER_NO, ebpCode: PLATFORM.customsCode, payerIdType: '1',
      payerIdNumber: BUYER_ID, payerName: '李小花', amountPaid: '210.00',
    }],
    ['submitWaybill', 'WaybillInput', {
      logisticsCode: CARRIER.customsCode, logisticsNo: LOGISTICS_NO, orderNo: ORDER_NO, freight: '10.00', weight: '0.5', consignee: '李小花',
      consigneeAddress: address, consigneeTelephone: '13900002222',
    }],
    ['submitInventory', 'InventoryInput', {
      copNo: 'E2E-LGS-COP-0001', orderNo: ORDER_NO, ebpCode: PLATFORM.customsCode, ebcCode: SELLER.customsCode, logisticsCode: CARRIER.customsCode,
      logisticsNo: LOGISTICS_NO, tradeMode: '9610', ...buyer, consigneeAddress: address, freight: '10.00', country: 'JP',
      items: [{ gnum: 1, gcode: '3304990099', gname: '保湿面霜', country: 'JP', qty: '1', unit: '011', qty1: '1', unit1: '011', price: '200.00', totalPrice: '200.00' }],
    }],
  ] as const;
  for (const [mutation, type, input] of documents) {
    const response = await post(url, `mutation($i: ${type}!) { ${mutation}(input: $i) { id } }`, { i: input }, asAdmin);
    assert.equal(response.errors, undefined, `${mutation}: ${JSON.stringify(response.errors)}`);
  }
  await eventually(async () => {
    const [row] = await sql`select count(*)::int as n from logistics.declaration_parties where logistics_no = ${LOGISTICS_NO}`;
    return row.n === 1;
  }, 'logistics\' projection of the declaration');
  const query = `query($no: String!) { waybill(logisticsNo: $no) { logisticsNo orderNo milestones { kind } declaration { copNo status enterprise { uscc } } } }`;
  for (const headers of [asAdmin, sellerKey]) {
    const response = await post(url, query, { no: LOGISTICS_NO }, headers);
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    assert.deepEqual(response.data?.waybill, {
      logisticsNo: LOGISTICS_NO, orderNo: ORDER_NO, milestones: [{ kind: 'PICKED_UP' }, { kind: 'DEPARTED' }, { kind: 'ARRIVED' }],
      declaration: { copNo: 'E2E-LGS-COP-0001', status: 'MATCHED', enterprise: { uscc: SELLER.uscc } },
    });
  }
  // The seller's key has no declarations:write: the gateway refuses its report before logistics is called.
  const refused = await reportAs('OUT_FOR_DELIVERY', 10, sellerKey);
  assert.equal(refused.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(refused));
});
