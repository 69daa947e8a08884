import assert from 'node:assert/strict';
import {
  DEV_IDENTITY_SIGNING_KEYS, IdentitySigner, IDENTITY_HEADER, publish, type BusEvent, type Identity, type NewEvent, type Sql, type TestDatabase,
} from '@sw/kernel';
import {
  enterpriseCaller as enterpriseIdentity, post, QueryCounter, startOnTestDatabase, until as pollUntil, validUscc as usccFromSeed,
  type GraphQLResponse,
} from '@sw/kernel/dist/testing';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startLogistics, type RunningLogistics } from '../app';
import { readLogisticsConfig } from '../config';

export {
  assertData, assertError, busEvents, partnerCaller, post, QueryCounter, regulator, type GraphQLErrorBody, type GraphQLResponse,
} from '@sw/kernel/dist/testing';

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
  /** Waits until logistics' consumer has processed everything on the bus up to now. */
  settle(): Promise<void>;
  /** Files enterprises through registry.enterprise.filed and waits until logistics has them. */
  file(...firms: Firm[]): Promise<void>;
  /** A graphql-ws client to the subgraph, signed as the gateway would sign `identity`. */
  subscriber(identity: Identity): Client;
  stop(): Promise<void>;
}

/** Starts the logistics subgraph (its consumers included) on a fresh test database and a free loopback port. */
export async function startTestLogistics(overrides: NodeJS.ProcessEnv = {}): Promise<TestLogistics> {
  const queries = new QueryCounter();
  const started = await startOnTestDatabase('logistics', (url, logger) => startLogistics(readLogisticsConfig({
    DATABASE_URL: url, LOGISTICS_PORT: '0', LOGISTICS_CONSUMER_POLL_MS: '50', ...overrides,
  }), logger, queries), { logLevel: 'silent' });
  const { service: logistics, sql } = started;
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
    database: started.database,
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
      } finally {
        await started.stop();
      }
    },
  };
}

/** Signs subscriptions' connections like the gateway does with the development keys. */
const gatewaySigner = new IdentitySigner(DEV_IDENTITY_SIGNING_KEYS);

// ---- identities -------------------------------------------------------------------------------

/** An enterprise caller; logistics' may declare unless given other scopes. */
export const enterpriseCaller = (uscc: string, scopes: string[] = ['declarations:write']): Identity => enterpriseIdentity(uscc, scopes);

// ---- builders ---------------------------------------------------------------------------------

/** A valid USCC (GB 32100-2015) made deterministically from `seed`, in logistics' own range. */
export const validUscc = (seed: string): string => usccFromSeed(seed, '91410100LG');

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

/** Counts of every logistics table and of `bus.events`, to show that a refused call wrote nothing. */
export async function tableCounts(sql: Sql): Promise<Record<string, number>> {
  const [row] = await sql`
    select (select count(*)::int from logistics.warehouses) as warehouses,
           (select count(*)::int from logistics.warehouse_status_changes) as status_changes,
           (select count(*)::int from logistics.parcel_milestones) as milestones,
           (select count(*)::int from bus.events where type like 'logistics.%') as events`;
  return { ...row } as Record<string, number>;
}

export const until = (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<boolean> => pollUntil(condition, timeoutMs, 20);
