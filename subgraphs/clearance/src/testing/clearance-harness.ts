import assert from 'node:assert/strict';
import { publish, type BusEvent, type Identity, type NewEvent, type Sql, type TestDatabase } from '@sw/kernel';
import {
  assertData, enterpriseCaller as enterpriseIdentity, post as postAs, regulator, startOnTestDatabase, until, validCustomsCode, validResidentId,
  validUscc as usccFromSeed, type GraphQLResponse,
} from '@sw/kernel/dist/testing';
import { startClearance, type RunningClearance } from '../app';
import { readClearanceConfig } from '../config';

export {
  assertData, assertError, busEvents, partnerCaller, regulator, until, validCustomsCode, validResidentId,
  type GraphQLErrorBody, type GraphQLResponse, type StoredEvent,
} from '@sw/kernel/dist/testing';

export interface TestClearance {
  url: string;
  database: TestDatabase;
  clearance: RunningClearance;
  /** postgres.js on the test database, for assertions on tables and `bus.events`. */
  sql: Sql;
  logs(): string;
  request(query: string, variables?: Record<string, unknown>, identity?: Identity): Promise<GraphQLResponse>;
  /** Publishes an event on the bus in its own transaction, as its producer would. */
  publish(event: NewEvent): Promise<BusEvent>;
  stop(): Promise<void>;
}

/**
 * Starts the clearance subgraph (and its consumers) on a fresh test database and a free loopback
 * port. `stop()` closes the server, the consumers, both pools and drops the database.
 */
export async function startTestClearance(overrides: NodeJS.ProcessEnv = {}): Promise<TestClearance> {
  const started = await startOnTestDatabase('clearance', (url, logger) => startClearance(readClearanceConfig({
    DATABASE_URL: url, CLEARANCE_PORT: '0', CLEARANCE_CONSUMER_POLL_MS: '100', ...overrides,
  }), logger));
  const clearance = started.service;
  return {
    url: clearance.url,
    database: started.database,
    clearance,
    sql: started.sql,
    logs: started.logs,
    request: (query, variables = {}, identity) => post(clearance.url, query, variables, identity),
    publish: (event) => clearance.db.transaction((manager) => publish(manager, event)),
    stop: started.stop,
  };
}

/** POSTs one operation to the subgraph, as the gateway would; clearance's calls may take up to 30 s. */
export const post = (url: string, query: string, variables: Record<string, unknown> = {}, identity?: Identity): Promise<GraphQLResponse> =>
  postAs(url, query, variables, identity, 30_000);

// ---- identities -------------------------------------------------------------------------------

/** An enterprise caller; clearance's may declare unless given other scopes. */
export const enterpriseCaller = (uscc: string, scopes: string[] = ['declarations:write']): Identity => enterpriseIdentity(uscc, scopes);

// ---- identifiers ------------------------------------------------------------------------------

/** A valid USCC (GB 32100-2015) made deterministically from `seed`, in clearance's own range. */
export const validUscc = (seed: number | string): string => usccFromSeed(seed, '91410100MC');

// ---- the enterprises on a parcel ----------------------------------------------------------------

export interface Firm {
  uscc: string;
  customsCode: string;
  roles: string[];
}

export interface Firms {
  platform: Firm;
  ecommerce: Firm;
  payment: Firm;
  logistics: Firm;
  broker: Firm;
}

let firmSeed = 0;

/** Five filed enterprises, one per role a parcel's documents name; `tag` keeps each test's own. */
export function firms(tag: string): Firms {
  const firm = (role: string): Firm => {
    firmSeed += 1;
    const seed = `${tag}-${role}-${firmSeed}`;
    return { uscc: validUscc(seed), customsCode: validCustomsCode(seed), roles: [role] };
  };
  return {
    platform: firm('ECOMMERCE_PLATFORM'),
    ecommerce: firm('ECOMMERCE_ENTERPRISE'),
    payment: firm('PAYMENT'),
    logistics: firm('LOGISTICS'),
    broker: firm('CUSTOMS_BROKER'),
  };
}

/** Files enterprises the way the registry announces them, and waits until clearance's projection has them. */
export async function fileFirms(t: TestClearance, list: Firm[], filingStatus = 'ACTIVE'): Promise<void> {
  let last = 0n;
  for (const firm of list) {
    const event = await t.publish({
      type: 'registry.enterprise.filed', subject: firm.uscc, actor: 'test',
      data: { uscc: firm.uscc, name: `企业${firm.customsCode}`, customsCode: firm.customsCode, region: 'ZHENGZHOU', roles: firm.roles, filingStatus },
    });
    last = event.seq;
  }
  await waitForOffset(t, 'registry-projection', last);
}

/** Waits until a consumer has passed `seq`. */
export async function waitForOffset(t: TestClearance, consumer: string, seq: bigint): Promise<void> {
  assert.ok(await until(async () => {
    const [row] = await t.sql`select seq from clearance.consumer_offsets where consumer = ${consumer}`;
    return row !== undefined && BigInt(row.seq) >= seq;
  }), `consumer ${consumer} did not reach seq ${seq}`);
}

// ---- documents --------------------------------------------------------------------------------

export interface Parcel {
  orderNo: string;
  copNo: string;
  logisticsNo: string;
  payTransactionId: string;
  buyerIdNumber: string;
  buyerName: string;
  buyerTelephone: string;
  consignee: string;
  consigneeAddress: string;
  consigneeTelephone: string;
  /** The goods lines both the order and the inventory carry. */
  lines: { gcode: string; name: string; qty: string; price: string }[];
  freight: string;
  tradeMode: string;
}

let parcelSeed = 0;

/** A consistent parcel: its four documents match unless a test changes one of them. */
export function parcel(overrides: Partial<Parcel> = {}): Parcel {
  parcelSeed += 1;
  const n = `${process.pid}${String(parcelSeed).padStart(4, '0')}`;
  return {
    orderNo: `ORD${n}`,
    copNo: `COP${n}`,
    logisticsNo: `LN${n}`,
    payTransactionId: `PAY${n}`,
    buyerIdNumber: validResidentId(`buyer-${n}`),
    buyerName: '张三',
    buyerTelephone: '13800001111',
    consignee: '张三',
    consigneeAddress: '河南省郑州市金水区农业路1号',
    consigneeTelephone: '13800001111',
    lines: [{ gcode: '3304990099', name: '面霜', qty: '2', price: '150.00' }],
    freight: '10.00',
    tradeMode: '9610',
    ...overrides,
  };
}

const money = (value: number) => value.toFixed(2);
const lineTotal = (line: { qty: string; price: string }) => money(Number(line.qty) * Number(line.price));
export const goodsValueOf = (p: Parcel) => money(p.lines.reduce((sum, line) => sum + Number(lineTotal(line)), 0));

export function orderInput(f: Firms, p: Parcel, overrides: Record<string, unknown> = {}) {
  const goodsValue = goodsValueOf(p);
  return {
    orderNo: p.orderNo, ebpCode: f.platform.customsCode, ebcCode: f.ecommerce.customsCode, goodsValue, freight: p.freight,
    discount: '0', taxTotal: '0', actualPaid: money(Number(goodsValue) + Number(p.freight)), currency: 'CNY',
    buyerIdType: '1', buyerIdNumber: p.buyerIdNumber, buyerName: p.buyerName, buyerTelephone: p.buyerTelephone,
    consignee: p.consignee, consigneeAddress: p.consigneeAddress, consigneeTelephone: p.consigneeTelephone,
    payCode: f.payment.customsCode, payTransactionId: p.payTransactionId,
    items: p.lines.map((line, i) => ({
      gnum: i + 1, itemNo: `SKU-${i + 1}`, itemName: line.name, qty: line.qty, unit: '011', price: line.price, totalPrice: lineTotal(line), country: 'JP',
    })),
    ...overrides,
  };
}

export function paymentInput(f: Firms, p: Parcel, overrides: Record<string, unknown> = {}) {
  return {
    payCode: f.payment.customsCode, payTransactionId: p.payTransactionId, orderNo: p.orderNo, ebpCode: f.platform.customsCode,
    payerIdType: '1', payerIdNumber: p.buyerIdNumber, payerName: p.buyerName, telephone: p.buyerTelephone,
    amountPaid: money(Number(goodsValueOf(p)) + Number(p.freight)), currency: 'CNY', payTime: '2026-11-20T08:00:00Z',
    ...overrides,
  };
}

export function waybillInput(f: Firms, p: Parcel, overrides: Record<string, unknown> = {}) {
  return {
    logisticsCode: f.logistics.customsCode, logisticsNo: p.logisticsNo, orderNo: p.orderNo, freight: p.freight, weight: '1.2',
    consignee: p.consignee, consigneeAddress: p.consigneeAddress, consigneeTelephone: p.consigneeTelephone,
    ...overrides,
  };
}

export function inventoryInput(f: Firms, p: Parcel, overrides: Record<string, unknown> = {}) {
  return {
    copNo: p.copNo, orderNo: p.orderNo, ebpCode: f.platform.customsCode, ebcCode: f.ecommerce.customsCode,
    logisticsCode: f.logistics.customsCode, logisticsNo: p.logisticsNo, tradeMode: p.tradeMode, customsCode: '4606', portCode: '4606',
    buyerIdType: '1', buyerIdNumber: p.buyerIdNumber, buyerName: p.buyerName, buyerTelephone: p.buyerTelephone,
    consigneeAddress: p.consigneeAddress, freight: p.freight, insuredFee: '0', currency: 'CNY', country: 'JP',
    items: p.lines.map((line, i) => ({
      gnum: i + 1, itemNo: `SKU-${i + 1}`, gcode: line.gcode, gname: line.name, country: 'JP', qty: line.qty, unit: '011',
      qty1: line.qty, unit1: '011', price: line.price, totalPrice: lineTotal(line),
    })),
    ...overrides,
  };
}

// ---- operations -------------------------------------------------------------------------------

export const DECLARATION_FIELDS = `id copNo orderNo mode direction status receiptCode
  statusHistory { from to actor reason receiptCode }
  match { ok mismatches { field document expected actual } }
  tax { dutiable tariff vat consumptionTax total }
  quota { year amount counted }
  enterprise { uscc } platform { uscc }
  buyer { idType name idNumber telephone }`;

export const SUBMIT_ORDER = `mutation($input: OrderInput!) { submitOrder(input: $input) { id orderNo version actualPaid buyer { idNumber } } }`;
export const SUBMIT_PAYMENT = `mutation($input: PaymentInput!) { submitPayment(input: $input) { id payTransactionId version amountPaid } }`;
export const SUBMIT_WAYBILL = `mutation($input: WaybillInput!) { submitWaybill(input: $input) { id logisticsNo version } }`;
export const SUBMIT_INVENTORY = `mutation($input: InventoryInput!) { submitInventory(input: $input) { ${DECLARATION_FIELDS} } }`;
export const DECLARATION = `query($id: ID!) { declaration(id: $id) { ${DECLARATION_FIELDS} } }`;
export const RECORD_RECEIPT = `mutation($input: CustomsReceiptInput!) { recordCustomsReceipt(input: $input) { id status receiptCode } }`;

/** Submits the four documents of a parcel as a regulator (the default) and returns the declaration. */
export async function submitParcel(t: TestClearance, f: Firms, p: Parcel, identity: Identity = regulator()) {
  assertData(await t.request(SUBMIT_ORDER, { input: orderInput(f, p) }, identity));
  assertData(await t.request(SUBMIT_PAYMENT, { input: paymentInput(f, p) }, identity));
  assertData(await t.request(SUBMIT_WAYBILL, { input: waybillInput(f, p) }, identity));
  return assertData(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p) }, identity)).submitInventory;
}

export async function receipt(t: TestClearance, declarationId: string, code: string, message?: string, receiptId?: string) {
  return t.request(RECORD_RECEIPT, { input: { declarationId, code, message, receiptId } }, regulator());
}

// ---- assertions -------------------------------------------------------------------------------

/** Counts of every clearance table and of `bus.events`, to show that a refused call wrote nothing. */
export async function tableCounts(sql: Sql): Promise<Record<string, number>> {
  const [row] = await sql`
    select (select count(*)::int from clearance.orders) as orders,
           (select count(*)::int from clearance.payments) as payments,
           (select count(*)::int from clearance.waybills) as waybills,
           (select count(*)::int from clearance.declarations) as declarations,
           (select count(*)::int from clearance.status_changes) as status_changes,
           (select count(*)::int from clearance.document_changes) as document_changes,
           (select count(*)::int from clearance.receipts) as receipts,
           (select count(*)::int from bus.events where type like 'clearance.%') as events`;
  return { ...row } as Record<string, number>;
}
