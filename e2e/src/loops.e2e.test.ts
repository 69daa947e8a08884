import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { customsRejects, receiptPlanFor } from '@sw/agencies/dist/simulators';
import { createSql, residentIdCheckCharacter, usccCheckCharacter, type Sql } from '@sw/kernel';
import { asAdmin, post, startStack, type GraphQLResponse, type Stack } from './stack';

/**
 * The loops between clearance, customs and credit on the real stack, driven through the gateway with
 * the admin key: a matched declaration goes to the customs simulator through the agencies subgraph
 * and its receipts come back the same way; clearance's mismatches and rejections become credit
 * records; credit's negative list and risk class reach clearance (and the registry) as events.
 * Every wait is a bounded poll (20 s, 100 ms steps).
 */
const uscc = (body: string) => `91410100MA${body}` + usccCheckCharacter(`91410100MA${body}`);
const PLATFORM = { uscc: uscc('4LPQ001'), customsCode: '4101960L01', roles: ['ECOMMERCE_PLATFORM'], name: '郑州闭环平台有限公司' };
const ECOMMERCE = { uscc: uscc('4LPQ002'), customsCode: '4101960L02', roles: ['ECOMMERCE_ENTERPRISE'], name: '郑州闭环电商有限公司' };
const PAYMENT = { uscc: uscc('4LPQ003'), customsCode: '4101960L03', roles: ['PAYMENT'], name: '郑州闭环支付有限公司' };
const LOGISTICS = { uscc: uscc('4LPQ004'), customsCode: '4101960L04', roles: ['LOGISTICS'], name: '郑州闭环物流有限公司' };
const RISKY = { uscc: uscc('4LPQ005'), customsCode: '4101960L05', roles: ['ECOMMERCE_ENTERPRISE'], name: '郑州风险电商有限公司' };
const FIRMS = [PLATFORM, ECOMMERCE, PAYMENT, LOGISTICS, RISKY];
const BUYER_ID = '41010519900101' + '456' + residentIdCheckCharacter('41010519900101456');
const RELEASED_PLAN = ['2', '120', '399', '800'];
const REJECTED_PLAN = ['2', '100'];

const TIMEOUT_MS = 20_000;
const STEP_MS = 100;

let stack: Stack;
let sql: Sql;
let url: string;

/** Polls `probe` until it returns a value (not undefined), for at most 20 s; fails naming `what` and the last value seen. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    assert.ok(Date.now() < deadline, `${what}: not reached within ${TIMEOUT_MS} ms`);
    await sleep(STEP_MS);
  }
}

async function gql(query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const response = await post(url, query, variables, asAdmin);
  assert.equal(response.errors, undefined, JSON.stringify(response.errors));
  assert.ok(response.data);
  return response.data;
}

/** A copNo whose receipts from the customs simulator end in release (or, with `rejected`, in rejection). */
function copNoFor(prefix: string, rejected: boolean): string {
  for (let i = 0; ; i++) {
    const copNo = `${prefix}-${String(i).padStart(3, '0')}`;
    if (customsRejects(copNo) === rejected) {
      assert.deepEqual(receiptPlanFor(copNo, 'CEB621').map((step) => step.code), rejected ? REJECTED_PLAN : RELEASED_PLAN);
      return copNo;
    }
  }
}

/** The four documents of one parcel: order, payment, waybill and inventory list, consistent unless changed. */
function documentsFor(n: number, copNo: string, ebc = ECOMMERCE) {
  const orderNo = `LOOP-ORDER-${n}`;
  const logisticsNo = `LOOP-LN-${n}`;
  const payTransactionId = `LOOP-PAY-${n}`;
  const buyer = { buyerIdType: '1', buyerIdNumber: BUYER_ID, buyerName: '李小红', buyerTelephone: '13800002222' };
  const consignee = { consignee: '李小红', consigneeAddress: '河南省郑州市中原区建设路8号', consigneeTelephone: '13800002222' };
  return {
    order: {
      orderNo, ebpCode: PLATFORM.customsCode, ebcCode: ebc.customsCode, goodsValue: '200.00', freight: '10.00', actualPaid: '210.00', ...buyer, ...consignee,
      payCode: PAYMENT.customsCode, payTransactionId,
      items: [{ gnum: 1, itemName: '面霜', qty: '2', unit: '011', price: '100.00', totalPrice: '200.00', country: 'JP' }],
    },
    payment: {
      payCode: PAYMENT.customsCode, payTransactionId, orderNo, ebpCode: PLATFORM.customsCode, payerIdType: '1', payerIdNumber: BUYER_ID,
      payerName: '李小红', amountPaid: '210.00',
    },
    waybill: { logisticsCode: LOGISTICS.customsCode, logisticsNo, orderNo, freight: '10.00', weight: '1.2', ...consignee },
    inventory: {
      copNo, orderNo, ebpCode: PLATFORM.customsCode, ebcCode: ebc.customsCode, logisticsCode: LOGISTICS.customsCode, logisticsNo, tradeMode: '9610',
      ...buyer, consigneeAddress: consignee.consigneeAddress, freight: '10.00', country: 'JP',
      items: [{ gnum: 1, gcode: '3304990099', gname: '面霜', country: 'JP', qty: '2', unit: '011', qty1: '2', unit1: '011', price: '100.00', totalPrice: '200.00' }],
    },
  };
}

type Documents = ReturnType<typeof documentsFor>;

const SUBMIT = {
  order: `mutation($i: OrderInput!) { submitOrder(input: $i) { id } }`,
  payment: `mutation($i: PaymentInput!) { submitPayment(input: $i) { id } }`,
  waybill: `mutation($i: WaybillInput!) { submitWaybill(input: $i) { id } }`,
  inventory: `mutation($i: InventoryInput!) { submitInventory(input: $i) { id status } }`,
};

/** Submits order, payment and waybill, then the inventory list; returns the declaration id. */
async function submitAll(documents: Documents): Promise<string> {
  await gql(SUBMIT.order, { i: documents.order });
  await gql(SUBMIT.payment, { i: documents.payment });
  await gql(SUBMIT.waybill, { i: documents.waybill });
  return (await gql(SUBMIT.inventory, { i: documents.inventory })).submitInventory.id;
}

const DECLARATION = `query($id: ID!) { declaration(id: $id) {
  status receiptCode statusHistory { from to receiptCode reason } receipts { code outcome } match { ok mismatches { field document } } } }`;

async function declaration(id: string): Promise<Record<string, any>> {
  return (await gql(DECLARATION, { id })).declaration;
}

/** Waits until the declaration is `status` (read through the gateway), and returns it; fails with the last one seen. */
async function declarationReaches(id: string, status: string): Promise<Record<string, any>> {
  let last: Record<string, any> | undefined;
  try {
    return await eventually(`declaration ${id} reaching ${status}`, async () => {
      last = await declaration(id);
      return last.status === status ? last : undefined;
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen ${JSON.stringify(last)}`);
  }
}

const CREDIT = `query($u: ID!) { enterprise(uscc: $u) { credit {
  score grade riskClass onNegativeList records(first: 50) { totalCount edges { node { source kind authority evidence } } } } } }`;

async function creditOf(who: { uscc: string }): Promise<Record<string, any>> {
  return (await gql(CREDIT, { u: who.uscc })).enterprise.credit;
}

const recordsOf = (credit: Record<string, any>) => credit.records.edges.map((edge: { node: Record<string, string> }) => edge.node);

/** The `clearance.declaration.ready-for-customs` events of a declaration on the bus, oldest first. */
async function handOffs(declarationId: string) {
  return (await sql`
    select data from bus.events where type = 'clearance.declaration.ready-for-customs' and subject = ${declarationId} order by seq`).map((row) => row.data);
}

/** What clearance's projection of credit holds for an enterprise (fed by credit's events only). */
async function standing(who: { uscc: string }) {
  const [row] = await sql`select on_negative_list, risk_class from clearance.credit_standing where uscc = ${who.uscc}`;
  return row ? { onNegativeList: row.on_negative_list as boolean, riskClass: row.risk_class as string | null } : undefined;
}

before(async () => {
  stack = await startStack();
  url = stack.gateway.url;
  sql = createSql(stack.database.url, 2);
  for (const firm of FIRMS) {
    await gql(`mutation($i: FileEnterpriseInput!) { fileEnterprise(input: $i) { uscc } }`, {
      i: { uscc: firm.uscc, name: firm.name, customsCode: firm.customsCode, region: 'ZHENGZHOU', roles: firm.roles },
    });
  }
  // Clearance and credit learn of filings from the registry's events.
  await eventually('clearance\'s projection of the five filings', async () => {
    const [row] = await sql`select count(*)::int as n from clearance.enterprises where uscc = any(${FIRMS.map((firm) => firm.uscc)})`;
    return row.n === FIRMS.length ? true : undefined;
  });
  for (const firm of [ECOMMERCE, RISKY]) {
    await eventually(`credit's profile of ${firm.uscc}`, async () => ((await creditOf(firm))?.score === 80 ? true : undefined));
  }
});

after(async () => {
  await sql?.end({ timeout: 5 });
  await stack?.stop();
});

test('(a) a matched declaration goes to customs through agencies, and the simulator\'s receipts 2 → 120 → 399 → 800 release it', async () => {
  const copNo = copNoFor('LOOP-OK', false);
  const id = await submitAll(documentsFor(1, copNo));
  const released = await declarationReaches(id, 'RELEASED');

  // DECLARED and MATCHED are the Single Window's own steps; customs' receipts drove the rest, codes kept beside the status.
  const tail = released.statusHistory.slice(-4).map((change: Record<string, string | null>) => [change.from, change.to, change.receiptCode]);
  assert.deepEqual(tail, [
    ['DECLARED', 'MATCHED', null], ['MATCHED', 'SUBMITTED', '2'], ['SUBMITTED', 'UNDER_REVIEW', '120'], ['UNDER_REVIEW', 'RELEASED', '800'],
  ]);
  assert.equal(released.receiptCode, '800');
  // 399 (审结) keeps UNDER_REVIEW: recorded as a receipt, no transition.
  assert.deepEqual(released.receipts.map((receipt: Record<string, string>) => [receipt.code, receipt.outcome]),
    [['2', 'APPLIED'], ['120', 'APPLIED'], ['399', 'NO_CHANGE'], ['800', 'APPLIED']]);
  const [handOff, ...more] = await handOffs(id);
  assert.equal(more.length, 0);
  assert.deepEqual({ copNo: handOff.copNo, messageType: handOff.messageType, enterprise: handOff.enterprise }, { copNo, messageType: 'CEB621', enterprise: ECOMMERCE.uscc });

  const credit = await creditOf(ECOMMERCE);
  assert.equal(credit.score, 80);
  assert.deepEqual(recordsOf(credit), []);
});

test('(b) customs rejecting a declaration ends it REJECTED with receipt 100, and credit records it against the e-commerce enterprise', async () => {
  const before = await creditOf(ECOMMERCE);
  const copNo = copNoFor('LOOP-REJ', true);
  const id = await submitAll(documentsFor(2, copNo));
  const rejected = await declarationReaches(id, 'REJECTED');
  assert.deepEqual(rejected.statusHistory.slice(-2).map((change: Record<string, string | null>) => [change.to, change.receiptCode]), [['SUBMITTED', '2'], ['REJECTED', '100']]);
  assert.match(rejected.statusHistory.at(-1).reason, /海关退单/);

  const credit = await eventually('credit\'s CLEARANCE_REJECTED record', async () => {
    const now = await creditOf(ECOMMERCE);
    return recordsOf(now).some((record: Record<string, string>) => record.kind === 'CLEARANCE_REJECTED') ? now : undefined;
  });
  const [record] = recordsOf(credit);
  assert.equal(record.source, 'CLEARANCE');
  assert.equal(record.authority, 'customs');
  assert.match(record.evidence, new RegExp(`^customs rejected inventory list ${copNo} \\(order LOOP-ORDER-2\\): 100 rejected by customs .*海关退单：`));
  assert.equal(credit.score, before.score - 2);
  // The platform took part but does not answer for the list (subgraphs/credit/src/events/clearance.sources.ts).
  assert.deepEqual(recordsOf(await creditOf(PLATFORM)), []);
});

test('(c) a payment whose amount differs from the order leaves the declaration MISMATCHED, and credit records the mismatch', async () => {
  const before = await creditOf(ECOMMERCE);
  const documents = documentsFor(3, copNoFor('LOOP-MIS', false));
  documents.payment.amountPaid = '200.00';
  const id = await submitAll(documents);
  const mismatched = await declaration(id);
  assert.equal(mismatched.status, 'MISMATCHED');
  assert.deepEqual(mismatched.match, { ok: false, mismatches: [{ field: 'amountPaid', document: 'PAYMENT' }] });
  assert.deepEqual(await handOffs(id), []);

  const credit = await eventually('credit\'s CLEARANCE_MISMATCH record', async () => {
    const now = await creditOf(ECOMMERCE);
    return recordsOf(now).some((record: Record<string, string>) => record.kind === 'CLEARANCE_MISMATCH') ? now : undefined;
  });
  const record = recordsOf(credit).find((r: Record<string, string>) => r.kind === 'CLEARANCE_MISMATCH');
  assert.equal(record.source, 'CLEARANCE');
  assert.match(record.evidence, /three-document mismatch of inventory list LOOP-MIS-\d+ \(order LOOP-ORDER-3\): PAYMENT\.amountPaid/);
  assert.doesNotMatch(record.evidence, /210\.00|200\.00/);
  assert.equal(credit.score, before.score - 1);
});

test('(d) listing the e-commerce enterprise makes clearance refuse its next inventory list and the registry its amendment; delisting restores both', async () => {
  const AMEND = `mutation($u: ID!, $i: AmendFilingInput!) { amendFiling(uscc: $u, input: $i) { uscc name } }`;
  await gql(`mutation($i: NegativeListingInput!) { listOnNegativeList(input: $i) { id } }`, {
    i: { uscc: ECOMMERCE.uscc, reason: '跨境电商零售进口虚假交易', authority: '郑州市商务局' },
  });
  assert.equal((await creditOf(ECOMMERCE)).onNegativeList, true);

  // The registry refuses the amendment once its projection has the listing (an unchanged name would otherwise change nothing).
  const refusedAmendment = await eventually('the registry refusing the listed enterprise\'s amendment', async () => {
    const response = await post(url, AMEND, { u: ECOMMERCE.uscc, i: { name: ECOMMERCE.name } }, asAdmin);
    return response.errors ? response : undefined;
  });
  assert.equal(refusedAmendment.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(refusedAmendment));
  assert.equal(refusedAmendment.errors?.[0]?.extensions?.field, 'uscc');
  assert.match(refusedAmendment.errors![0]!.message, /negative list.*跨境电商零售进口虚假交易.*may not amend its filing/);

  await eventually('clearance\'s projection of the listing', async () => ((await standing(ECOMMERCE))?.onNegativeList ? true : undefined));
  const documents = documentsFor(4, copNoFor('LOOP-NEG', false));
  const refused: GraphQLResponse = await post(url, SUBMIT.inventory, { i: documents.inventory }, asAdmin);
  assert.equal(refused.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(refused));
  assert.equal(refused.errors?.[0]?.extensions?.field, 'input.ebcCode');
  assert.match(refused.errors![0]!.message, /is on the negative list/);
  const [none] = await sql`select count(*)::int as n from clearance.declarations where cop_no = ${documents.inventory.copNo}`;
  assert.equal(none.n, 0);

  await gql(`mutation($i: NegativeDelistingInput!) { delistFromNegativeList(input: $i) { id delistedOn } }`, {
    i: { uscc: ECOMMERCE.uscc, reason: '完成信用修复', authority: '郑州市商务局' },
  });
  await eventually('clearance\'s projection of the delisting', async () => ((await standing(ECOMMERCE))?.onNegativeList === false ? true : undefined));
  await eventually('the registry accepting the delisted enterprise\'s amendment', async () => {
    const response = await post(url, AMEND, { u: ECOMMERCE.uscc, i: { name: ECOMMERCE.name } }, asAdmin);
    return response.errors ? undefined : true;
  });
  const amended = await gql(AMEND, { u: ECOMMERCE.uscc, i: { name: `${ECOMMERCE.name}（更名）` } });
  assert.equal(amended.amendFiling.name, `${ECOMMERCE.name}（更名）`);

  const id = await submitAll(documents);
  await declarationReaches(id, 'RELEASED');
});

test('(e) a change of risk class reaches clearance, which hands it to customs with the next declaration', async () => {
  const first = await submitAll(documentsFor(5, copNoFor('LOOP-RSK-A', false), RISKY));
  await declarationReaches(first, 'RELEASED');
  const [before] = await handOffs(first);
  assert.equal(before.riskClass, null, 'an enterprise credit never reclassed hands over without a risk class (credit\'s baseline, LOW)');

  await gql(`mutation($i: CreditEventInput!) { recordCreditEvent(input: $i) { id } }`, {
    i: {
      uscc: RISKY.uscc, kind: 'SERIOUS_VIOLATION', authority: '郑州海关', evidence: '郑关缉违字〔2026〕88号',
      occurredOn: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()),
    },
  });
  const credit = await creditOf(RISKY);
  assert.deepEqual({ riskClass: credit.riskClass, grade: credit.grade }, { riskClass: 'HIGH', grade: 'D' });
  await eventually('clearance\'s projection of the risk class', async () => ((await standing(RISKY))?.riskClass === 'HIGH' ? true : undefined));

  const second = await submitAll(documentsFor(6, copNoFor('LOOP-RSK-B', false), RISKY));
  const [handOff] = await eventually('the hand-off of the second declaration', async () => {
    const found = await handOffs(second);
    return found.length > 0 ? found : undefined;
  });
  assert.equal(handOff.riskClass, 'HIGH');
  await declarationReaches(second, 'RELEASED');
});
