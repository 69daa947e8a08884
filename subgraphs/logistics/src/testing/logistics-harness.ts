import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createLogger, createSql, createTestDatabase, DEV_IDENTITY_SIGNING_KEYS, IdentitySigner, IDENTITY_HEADER, publish, usccCheckCharacter,
  type BusEvent, type Identity, type NewEvent, type Sql, type TestDatabase,
} from '@sw/kernel';
import { createClient, type Client } from 'graphql-ws';
import type { Logger as QueryLogger } from 'typeorm';
import WebSocket from 'ws';
import { startLogistics, type RunningLogistics } from '../app';
import { readLogisticsConfig } from '../config';

/** A TypeORM logger that keeps the SQL statements logistics' data source runs (the read paths). */
export class QueryCounter implements QueryLogger {
  statements: string[] = [];

  reset(): void {
    this.statements = [];
  }

  logQuery(query: string): void {
    this.statements.push(query);
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

export interface GraphQLResponse {
  // Test assertions walk the data freely; its shape is whatever the operation selected.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data?: Record<string, any> | null;
  errors?: GraphQLErrorBody[];
}

export interface TestLogistics {
  url: string;
  database: TestDatabase;
  logistics: RunningLogistics;
  /** postgres.js on the test database, for assertions on tables and `bus.events`. */
  sql: Sql;
  /** The SQL statements of logistics' TypeORM data source; reset it before measuring. */
  queries: QueryCounter;
  request(query: string, variables?: Record<string, unknown>, identity?: Identity): Promise<GraphQLResponse>;
  /** Publishes an event on the bus in its own transaction, as its producer would. */
  publish(event: NewEvent): Promise<BusEvent>;
  /** Waits until both of logistics' consumers have processed everything on the bus up to now. */
  settle(): Promise<void>;
  /** Files enterprises through registry.enterprise.filed and waits until logistics has them. */
  file(...firms: Firm[]): Promise<void>;
  /** A graphql-ws client to the subgraph, signed as the gateway would sign `identity`. */
  subscriber(identity: Identity): Client;
  stop(): Promise<void>;
}

/** Starts the logistics subgraph (its consumers included) on a fresh test database and a free loopback port. */
export async function startTestLogistics(overrides: NodeJS.ProcessEnv = {}): Promise<TestLogistics> {
  const database = await createTestDatabase();
  const logger = createLogger('logistics', 'silent');
  const queries = new QueryCounter();
  let logistics: RunningLogistics;
  try {
    logistics = await startLogistics(readLogisticsConfig({
      DATABASE_URL: database.url, LOGISTICS_PORT: '0', LOGISTICS_CONSUMER_POLL_MS: '50', ...overrides,
    }), logger, queries);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const sql = createSql(database.url, 4);
  const clients: Client[] = [];
  const publishOne = (event: NewEvent) => logistics.db.transaction((manager) => publish(manager, event));
  const settle = async () => {
    const [{ seq }] = await sql`select coalesce(max(seq), 0) as seq from bus.events`;
    for (const consumer of Object.values(logistics.consumers)) {
      const caughtUp = await until(async () => (await consumer.offset()) >= BigInt(seq));
      assert.ok(caughtUp, `a logistics consumer did not reach seq ${seq}`);
    }
  };
  return {
    url: logistics.url,
    database,
    logistics,
    sql,
    queries,
    request: (query, variables = {}, identity) => post(logistics.url, query, variables, identity),
    publish: publishOne,
    settle,
    async file(...firms) {
      for (const firm of firms) await publishOne(filedEvent(firm));
      await settle();
    },
    subscriber(identity) {
      const client = createClient({
        url: logistics.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true,
        connectionParams: { [IDENTITY_HEADER]: gatewaySigner.sign(identity) },
      });
      clients.push(client);
      return client;
    },
    async stop() {
      try {
        for (const client of clients) await client.dispose();
        await logistics.stop();
      } finally {
        await sql.end({ timeout: 5 });
        await database.drop();
      }
    },
  };
}

const gatewaySigner = new IdentitySigner(DEV_IDENTITY_SIGNING_KEYS);

/** POSTs one operation to the subgraph as the gateway would: the identity travels signed in `x-sw-identity`. */
export async function post(url: string, query: string, variables: Record<string, unknown> = {}, identity?: Identity): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: gatewaySigner.sign(identity ?? null) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  return (await response.json()) as GraphQLResponse;
}

// ---- identities -------------------------------------------------------------------------------

export const regulator = (scopes: string[] = []): Identity => ({ subject: 'regulator-1', role: 'REGULATOR', scopes });
export const enterpriseCaller = (uscc: string, scopes: string[] = ['declarations:write']): Identity =>
  ({ subject: `enterprise-${uscc}`, role: 'ENTERPRISE', uscc, scopes });
export const partnerCaller = (uscc: string, scopes: string[] = []): Identity =>
  ({ subject: `partner-${uscc}`, role: 'PARTNER', uscc, scopes });

// ---- builders ---------------------------------------------------------------------------------

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid USCC (GB 32100-2015) made deterministically from `seed`. */
export function validUscc(seed: string): string {
  let n = createHash('sha256').update(seed).digest().readUInt32BE(0) % 31 ** 7;
  let body = '';
  for (let i = 0; i < 7; i++) {
    body = USCC_CHARSET[n % 31] + body;
    n = Math.floor(n / 31);
  }
  const first17 = `91410100LG${body}`;
  return first17 + usccCheckCharacter(first17);
}

export interface Firm {
  uscc: string;
  name: string;
  customsCode: string | null;
  roles: string[];
  filingStatus?: string;
}

/** A filed enterprise; `code` is the last four characters of its customs code (4101960…). */
export function firm(seed: string, roles: string[], code: string | null = null): Firm {
  return { uscc: validUscc(seed), name: `郑州${seed}有限公司`, customsCode: code === null ? null : `410196${code}`, roles };
}

export function filedEvent(firm: Firm): NewEvent {
  return {
    type: 'registry.enterprise.filed', subject: firm.uscc, actor: 'regulator-1',
    data: { uscc: firm.uscc, name: firm.name, customsCode: firm.customsCode, region: 'ZHENGZHOU', roles: firm.roles, filingStatus: firm.filingStatus ?? 'ACTIVE' },
  };
}

export function revokedEvent(firm: Firm): NewEvent {
  return {
    type: 'registry.enterprise.revoked', subject: firm.uscc, actor: 'regulator-1',
    data: { uscc: firm.uscc, customsCode: firm.customsCode, reason: 'test', filingStatus: 'REVOKED' },
  };
}

/** What clearance publishes when a declaration naming the waybill moves (parties by role, as clearance sends them). */
export function declarationEvent(declarationId: string, logisticsNo: string, parties: { carrier: Firm; enterprise: Firm; platform?: Firm | null }, to = 'DECLARED'): NewEvent {
  const platform = parties.platform?.uscc ?? null;
  return {
    type: 'clearance.declaration.status-changed', subject: declarationId, actor: 'clearance',
    data: {
      declarationId, copNo: `COP-${declarationId.slice(0, 8)}`, orderNo: `ORDER-${declarationId.slice(0, 8)}`, logisticsNo,
      enterprise: parties.enterprise.uscc, platform,
      parties: { ECOMMERCE_ENTERPRISE: parties.enterprise.uscc, ECOMMERCE_PLATFORM: platform, LOGISTICS: parties.carrier.uscc, PAYMENT: null, CUSTOMS_BROKER: null },
      direction: 'IMPORT', mode: 'MODE_9610', from: null, to, at: new Date().toISOString(), reason: null, receiptCode: null,
    },
  };
}

/** An ISO instant `minutes` before now. */
export const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

// ---- operations -------------------------------------------------------------------------------

export const WAREHOUSE_FIELDS = `id name operatorUscc operator { uscc } kind country city address areaM2 services status statusReason
  statusChangedAt registeredAt statusHistory { from to at reason }`;
export const REGISTER = `mutation($input: WarehouseInput!) { registerWarehouse(input: $input) { ${WAREHOUSE_FIELDS} } }`;
export const CHANGE_STATUS = `mutation($input: WarehouseStatusInput!) { changeWarehouseStatus(input: $input) { id status statusReason statusHistory { from to reason } } }`;
export const WAREHOUSES = `query($filter: WarehouseFilter, $first: Int, $after: String) { warehouses(filter: $filter, first: $first, after: $after) {
  totalCount edges { cursor node { id name kind country status operatorUscc } } pageInfo { hasNextPage endCursor } } }`;
export const MILESTONE_FIELDS = 'id cursor logisticsCode logisticsNo kind occurredAt location { city country } note reportedAt waybill { logisticsCode logisticsNo }';
export const REPORT = `mutation($input: ParcelMilestoneInput!) { reportParcelMilestone(input: $input) { ${MILESTONE_FIELDS} } }`;
export const WAYBILL = `query($no: String!, $code: String) { waybill(logisticsNo: $no, logisticsCode: $code) { logisticsCode logisticsNo milestones { kind occurredAt cursor } } }`;
export const MILESTONES_OF = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Waybill { logisticsCode logisticsNo milestones { kind occurredAt } } } }`;
export const TRACKED = `subscription($no: String!, $after: String) { parcelTracked(logisticsNo: $no, after: $after) { ${MILESTONE_FIELDS} } }`;

export function warehouseInput(operatorUscc: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '郑州航空港公共海外仓（洛杉矶）', operatorUscc, kind: 'PUBLIC_OVERSEAS', country: 'US', city: 'Los Angeles', areaM2: 12000.5,
    address: '1000 E Dominguez St, Carson, CA', services: ['STORAGE', 'FULFILMENT'], ...overrides,
  };
}

export function milestoneInput(logisticsCode: string, logisticsNo: string, kind: string, occurredAt: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { logisticsCode, logisticsNo, kind, occurredAt, location: { city: '郑州', country: 'CN' }, ...overrides };
}

/** The events of `type` on the bus (optionally about `subject`), oldest first. */
export async function busEvents(sql: Sql, type: string, subject?: string) {
  const rows = subject === undefined
    ? await sql`select id, seq, type, subject, actor, data from bus.events where type = ${type} order by seq`
    : await sql`select id, seq, type, subject, actor, data from bus.events where type = ${type} and subject = ${subject} order by seq`;
  return rows.map((row) => ({ ...row }) as { id: string; seq: bigint; type: string; subject: string; actor: string; data: Record<string, unknown> });
}

/** Counts of every logistics table and of `bus.events`, to show that a refused call wrote nothing. */
export async function tableCounts(sql: Sql): Promise<Record<string, number>> {
  const [row] = await sql`
    select (select count(*)::int from logistics.warehouses) as warehouses,
           (select count(*)::int from logistics.warehouse_status_changes) as status_changes,
           (select count(*)::int from logistics.parcel_milestones) as milestones,
           (select count(*)::int from bus.events where type like 'logistics.%') as events`;
  return { ...row } as Record<string, number>;
}

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(20);
  }
  return condition();
}

export function assertError(response: GraphQLResponse, code: string, field?: string): GraphQLErrorBody {
  assert.ok(response.errors?.length, `expected ${code}, got ${JSON.stringify(response)}`);
  assert.equal(response.errors.length, 1, JSON.stringify(response.errors));
  const [error] = response.errors;
  assert.equal(error.extensions?.code, code, JSON.stringify(error));
  if (field !== undefined) assert.equal(error.extensions?.field, field, JSON.stringify(error));
  return error;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function assertData(response: GraphQLResponse): Record<string, any> {
  assert.equal(response.errors, undefined, JSON.stringify(response.errors));
  assert.ok(response.data, 'no data in the response');
  return response.data;
}
