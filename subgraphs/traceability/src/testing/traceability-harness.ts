import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { publish, type BusEvent, type Identity, type NewEvent, type Sql, type TestDatabase } from '@sw/kernel';
import {
  assertData, enterpriseCaller as enterpriseIdentity, partnerCaller as partnerIdentity, post as postAs, regulator, seedNumber,
  startOnTestDatabase, until, type GraphQLResponse,
} from '@sw/kernel/dist/testing';
import { startTraceability, type RunningTraceability } from '../app';
import { gs1CheckDigit } from '../common/gs1';
import { readTraceabilityConfig } from '../config';

export {
  assertData, assertError, busEvents, regulator, until, validUscc, type GraphQLErrorBody, type GraphQLResponse,
} from '@sw/kernel/dist/testing';

export interface TestTraceability {
  url: string;
  database: TestDatabase;
  traceability: RunningTraceability;
  /** postgres.js on the test database, for assertions on tables and `bus.events`. */
  sql: Sql;
  logs(): string;
  request(query: string, variables?: Record<string, unknown>, identity?: Identity): Promise<GraphQLResponse>;
  /** Publishes an event on the bus in its own transaction, as a producer would. */
  publish(event: NewEvent): Promise<BusEvent>;
  /** Files an enterprise as the registry would (its event on the bus) and waits until the projection has it. */
  fileEnterprise(uscc: string, name?: string): Promise<void>;
  /** Revokes a filing as the registry would and waits until the projection has it. */
  revokeEnterprise(uscc: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the traceability subgraph (and its consumers) on a fresh test database and a free loopback
 * port. `stop()` closes the server, the consumers, both pools and drops the database.
 */
export async function startTestTraceability(overrides: NodeJS.ProcessEnv = {}): Promise<TestTraceability> {
  const started = await startOnTestDatabase('traceability', (url, logger) =>
    startTraceability(readTraceabilityConfig({ DATABASE_URL: url, TRACEABILITY_PORT: '0', ...overrides }), logger), { logLevel: 'debug' });
  const { service: traceability, sql } = started;
  const publishEvent = (event: NewEvent) => traceability.db.transaction((manager) => publish(manager, event));
  const projected = async (uscc: string, status: string) => {
    const ok = await until(async () => (await sql`select 1 from traceability.enterprises where uscc = ${uscc} and filing_status = ${status}`).length === 1);
    assert.ok(ok, `the registry projection did not receive ${uscc} (${status})`);
  };
  return {
    url: traceability.url,
    database: started.database,
    traceability,
    sql,
    logs: started.logs,
    request: (query, variables = {}, identity) => post(traceability.url, query, variables, identity),
    publish: publishEvent,
    async fileEnterprise(uscc, name = `溯源测试企业 ${uscc.slice(-6)}`) {
      await publishEvent({
        type: 'registry.enterprise.filed', subject: uscc, actor: 'regulator-1',
        data: { uscc, name, customsCode: null, region: 'ZHENGZHOU', roles: ['ECOMMERCE_ENTERPRISE'], filingStatus: 'ACTIVE' },
      });
      await projected(uscc, 'ACTIVE');
    },
    async revokeEnterprise(uscc) {
      await publishEvent({
        type: 'registry.enterprise.revoked', subject: uscc, actor: 'regulator-1',
        data: { uscc, customsCode: null, reason: 'test', filingStatus: 'REVOKED' },
      });
      await projected(uscc, 'REVOKED');
    },
    stop: started.stop,
  };
}

/** POSTs one operation to the subgraph as the gateway would; traceability's calls may take up to 60 s. */
export const post = (url: string, query: string, variables: Record<string, unknown> = {}, identity?: Identity): Promise<GraphQLResponse> =>
  postAs(url, query, variables, identity, 60_000);

// ---- identities -------------------------------------------------------------------------------

/** Enterprise and partner callers; traceability's may capture events unless given other scopes. */
export const enterpriseCaller = (uscc: string, scopes: string[] = ['trace:write']): Identity => enterpriseIdentity(uscc, scopes);
export const partnerCaller = (uscc: string, scopes: string[] = ['trace:write']): Identity => partnerIdentity(uscc, scopes);

// ---- builders ---------------------------------------------------------------------------------

/** A valid GTIN-13 from `seed`: GS1 China prefix 690-699 style, 12 digits and the mod-10 check digit. */
export function validGtin13(seed: number | string): string {
  const body = `69${String(seedNumber(seed) % 10 ** 10).padStart(10, '0')}`;
  return body + gs1CheckDigit(body);
}

/** The same GTIN with its check digit off by one. */
export const wrongCheckDigit = (gtin: string) => gtin.slice(0, -1) + String((Number(gtin.at(-1)) + 1) % 10);

/** SGTIN and LGTIN EPC URIs for a GTIN-13 (company prefix = its first 7 digits, indicator 0). */
export function sgtin(gtin13: string, serial: string | number): string {
  return `urn:epc:id:sgtin:${gtin13.slice(0, 7)}.0${gtin13.slice(7, 12)}.${serial}`;
}
export function lgtin(gtin13: string, lot: string): string {
  return `urn:epc:class:lgtin:${gtin13.slice(0, 7)}.0${gtin13.slice(7, 12)}.${lot}`;
}
/** An SSCC EPC URI (company prefix 6901234, 10-digit serial reference). */
export function sscc(serial: number): string {
  return `urn:epc:id:sscc:6901234.${String(serial).padStart(10, '0')}`;
}

let productSeed = 0;

export interface ProductInputValue {
  sku: string;
  name: string;
  hsCode: string;
  originCountry: string;
  gtin?: string | null;
  brand?: string | null;
  specification?: string | null;
  owner?: string | null;
}

/** A valid ProductInput with its own SKU and GTIN unless overridden. */
export function productInput(overrides: Partial<ProductInputValue> = {}): ProductInputValue {
  productSeed += 1;
  return {
    sku: `SKU-${productSeed}-${randomUUID().slice(0, 8)}`,
    name: `婴儿配方奶粉 ${productSeed}`,
    hsCode: '1901101000',
    originCountry: 'NZ',
    gtin: validGtin13(`product-${productSeed}-${randomUUID()}`),
    brand: '示例品牌',
    specification: '800g/罐',
    ...overrides,
  };
}

/** Event times: `minutesAgo` before now, as ISO 8601 with the +08:00 offset. */
export function at(minutesAgo: number): string {
  const time = new Date(Date.now() - minutesAgo * 60_000 + 8 * 3600_000);
  return `${time.toISOString().slice(0, 19)}+08:00`;
}

export type EventInput = Record<string, unknown>;

/** An OBJECT event (commissioning by default) for `epcs`. */
export function objectEvent(epcs: string[], overrides: EventInput = {}): EventInput {
  return { eventId: `urn:uuid:${randomUUID()}`, eventType: 'OBJECT', action: 'ADD', eventTime: at(600), epcList: epcs, bizStep: 'commissioning', disposition: 'active', ...overrides };
}

/** An AGGREGATION event packing `children` into `parent` (ADD, packing). */
export function aggregation(parent: string, children: string[], overrides: EventInput = {}): EventInput {
  return {
    eventId: `urn:uuid:${randomUUID()}`, eventType: 'AGGREGATION', action: 'ADD', eventTime: at(500), parentId: parent, childEpcs: children,
    bizStep: 'packing', disposition: 'in_progress', ...overrides,
  };
}

/** A TRANSFORMATION event: `inputs` (classes, e.g. a batch) consumed, `outputs` (items) made. */
export function transformation(inputClasses: string[], outputs: string[], overrides: EventInput = {}): EventInput {
  return {
    eventId: `urn:uuid:${randomUUID()}`, eventType: 'TRANSFORMATION', eventTime: at(550),
    inputQuantityList: inputClasses.map((epcClass) => ({ epcClass, quantity: 10, uom: 'KGM' })), outputEpcList: outputs,
    bizStep: 'commissioning', disposition: 'active', ...overrides,
  };
}

// ---- operations -------------------------------------------------------------------------------

export const PRODUCT_FIELDS = 'id sku name hsCode originCountry gtin brand specification status owner { uscc }';
export const FILE_PRODUCT = `mutation($input: ProductInput!) { fileProduct(input: $input) { ${PRODUCT_FIELDS} } }`;
export const CAPTURE = `mutation($events: [TraceEventInput!]!, $enterprise: ID) {
  captureTraceEvents(events: $events, enterprise: $enterprise) { accepted duplicates rejectedCount rejected { index eventId field message } } }`;
export const IMPORT = `mutation($document: JSONObject!, $enterprise: ID) {
  importEpcisDocument(document: $document, enterprise: $enterprise) { accepted duplicates rejectedCount rejected { index eventId field message } } }`;
export const TRACE_EVENT_FIELDS = `eventId eventType action eventTime eventTimeZoneOffset bizStep disposition epcList parentId childEpcs
  inputEpcList outputEpcList quantityList { epcClass quantity uom } bizTransactionList { type id } source enterprise { uscc }`;
export const TRACE = `query($code: String!, $direction: TraceDirection) {
  trace(code: $code, direction: $direction) { code direction truncated events { ${TRACE_EVENT_FIELDS} } enterprises { uscc } declarations { id } } }`;

/** Captures events as `identity` and asserts every one was accepted or a duplicate. */
export async function capture(t: TestTraceability, events: EventInput[], identity: Identity = regulator(), enterprise?: string) {
  const result = assertData(await t.request(CAPTURE, { events, enterprise }, identity)).captureTraceEvents;
  assert.deepEqual(result.rejected, [], JSON.stringify(result.rejected));
  return result as { accepted: number; duplicates: number; rejectedCount: number; rejected: unknown[] };
}

/** The event ids of a trace, oldest first (null trace: no ids). */
export async function traceIds(t: TestTraceability, code: string, identity: Identity = regulator(), direction?: string): Promise<string[]> {
  const trace = assertData(await t.request(TRACE, { code, direction }, identity)).trace;
  return trace ? trace.events.map((event: { eventId: string }) => event.eventId) : [];
}
