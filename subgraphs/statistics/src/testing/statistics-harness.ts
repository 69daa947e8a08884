import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  BUS_CHANNEL, createDataSource, createLogger, createSql, createTestDatabase, publish,
  type BusEvent, type Identity, type NewEvent, type Sql, type TestDatabase,
} from '@sw/kernel';
import {
  assertData, post, regulator, until as pollUntil, validUscc as usccFromSeed, type GraphQLResponse,
} from '@sw/kernel/dist/testing';
import type { DataSource } from 'typeorm';
import { startStatistics, type RunningStatistics } from '../app';
import { readStatisticsConfig } from '../config';
import { DERIVED_TABLES } from '../events/rebuild';

export {
  assertData, assertError, enterpriseCaller, partnerCaller, post, regulator, type GraphQLErrorBody, type GraphQLResponse,
} from '@sw/kernel/dist/testing';

/** Noon of 25 November 2026 in Asia/Shanghai: "now" for the tests unless one moves it. */
export const TEST_NOW = new Date('2026-11-25T12:00:00+08:00');

export interface TestStatistics {
  url: string;
  database: TestDatabase;
  statistics: RunningStatistics;
  /** postgres.js on the test database, for assertions on tables and `bus.events`. */
  sql: Sql;
  /** What the service takes for now; assign to move time. */
  now: Date;
  logs(): string;
  request(query: string, variables?: Record<string, unknown>, identity?: Identity): Promise<GraphQLResponse>;
  /** Publishes events on the bus, each in its own transaction through the kernel's `publish`, as their producers do. */
  publish(...events: NewEvent[]): Promise<BusEvent[]>;
  /**
   * Appends an event whose `occurredAt` lies in the past, as an old part of the log carries it (the
   * kernel's publish stamps now). Only for registry and credit events, whose day counts.
   */
  publishAt(occurredAt: Date, event: NewEvent): Promise<void>;
  /** Waits until the consumer has processed everything on the bus up to now. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the statistics subgraph (its consumer included, the publish job off) on a fresh test
 * database and a free loopback port, with its clock at TEST_NOW. Every input reaches it as a real
 * event on the bus.
 */
export async function startTestStatistics(overrides: NodeJS.ProcessEnv = {}): Promise<TestStatistics> {
  const database = await createTestDatabase();
  const lines: string[] = [];
  const logger = createLogger('statistics', 'trace', { write: (line: string) => void lines.push(line) });
  let statistics: RunningStatistics;
  let db: DataSource;
  const clock = { now: TEST_NOW };
  try {
    statistics = await startStatistics(readStatisticsConfig({
      DATABASE_URL: database.url, STATISTICS_PORT: '0', STATISTICS_CONSUMER_POLL_MS: '50', STATISTICS_PUBLISH_INTERVAL_MINUTES: '0',
      STATISTICS_INDEX_BASE_PERIOD: '2026-01', ...overrides,
    }), logger, { clock: () => clock.now });
    // A producer's TypeORM data source: the kernel's publish runs in an EntityManager transaction.
    db = createDataSource({ url: database.url, schema: 'bus', entities: [], poolSize: 2 });
    await db.initialize();
  } catch (error) {
    await database.drop();
    throw error;
  }
  const sql = createSql(database.url, 4);
  const harness: TestStatistics = {
    url: statistics.url,
    database,
    statistics,
    sql,
    get now() { return clock.now; },
    set now(value: Date) { clock.now = value; },
    logs: () => lines.join(''),
    request: (query, variables = {}, identity) => post(statistics.url, query, variables, identity),
    async publish(...events) {
      const published: BusEvent[] = [];
      for (const event of events) published.push(await db.transaction((manager) => publish(manager, event)));
      return published;
    },
    async publishAt(occurredAt, event) {
      await sql.begin(async (tx) => {
        await tx`select pg_current_xact_id()`;
        const [row] = await tx`
          insert into bus.events (id, type, subject, actor, data, occurred_at)
          values (${randomUUID()}, ${event.type}, ${event.subject}, ${event.actor}, ${tx.json(event.data as never)}, ${occurredAt})
          returning seq`;
        await tx`select pg_notify(${BUS_CHANNEL}, ${String(row.seq)})`;
      });
    },
    async settle() {
      const [{ seq }] = await sql`select coalesce(max(seq), 0) as seq from bus.events`;
      const caughtUp = await until(async () => (await statistics.consumer.offset()) >= BigInt(seq));
      assert.ok(caughtUp, `statistics' consumer did not reach seq ${seq}`);
    },
    async stop() {
      try {
        await statistics.stop();
        await db.destroy();
      } finally {
        await sql.end({ timeout: 5 });
        await database.drop();
      }
    },
  };
  return harness;
}

/** Every derived table in a stable order, to compare two states of the statistics schema. */
export async function snapshot(sql: Sql): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const table of DERIVED_TABLES) {
    const rows = await sql.unsafe(`select * from statistics.${table}`);
    tables[table] = rows.map((row) => JSON.stringify(row, (_, value) => (typeof value === 'bigint' ? value.toString() : value))).sort();
  }
  return tables;
}

// ---- builders ---------------------------------------------------------------------------------

/** A valid USCC (GB 32100-2015) made deterministically from `seed`, in statistics' own range. */
export const validUscc = (seed: number | string): string => usccFromSeed(seed, '91410100TJ');

export interface FilingValue { region?: string; roles?: string[]; customsCode?: string | null }

/** What the registry publishes when an enterprise files. */
export function filed(uscc: string, { region = 'ZHENGZHOU', roles = ['ECOMMERCE_ENTERPRISE'], customsCode = null }: FilingValue = {}): NewEvent {
  return {
    type: 'registry.enterprise.filed', subject: uscc, actor: 'regulator-1',
    data: { uscc, name: `统计测试企业${uscc.slice(10, 17)}`, customsCode, region, roles, filingStatus: 'ACTIVE' },
  };
}

export function amended(uscc: string, { region = 'ZHENGZHOU', roles = ['ECOMMERCE_ENTERPRISE'], customsCode = null }: FilingValue = {}): NewEvent {
  return {
    type: 'registry.enterprise.amended', subject: uscc, actor: 'regulator-1',
    data: { uscc, name: `统计测试企业${uscc.slice(10, 17)}`, customsCode, region, roles, filingStatus: 'AMENDED', changed: ['roles', 'region'] },
  };
}

export function revoked(uscc: string): NewEvent {
  return { type: 'registry.enterprise.revoked', subject: uscc, actor: 'regulator-1', data: { uscc, customsCode: null, reason: 'test', filingStatus: 'REVOKED' } };
}

export function gradeChanged(uscc: string, from: string | null, to: string): NewEvent {
  return {
    type: 'credit.profile.grade-changed', subject: uscc, actor: 'system',
    data: { uscc, from, to, previousCustomsClass: null, customsClass: 'REGULAR', score: 50, inspectionRate: 0.05, simplifiedClearance: false, cause: 'test' },
  };
}

export function riskChanged(uscc: string, from: string | null, to: string): NewEvent {
  return { type: 'credit.risk.class-changed', subject: uscc, actor: 'system', data: { uscc, from, to, warnings: [], cause: 'test' } };
}

export interface ClearedValue {
  declarationId?: string;
  direction?: 'IMPORT' | 'EXPORT';
  mode?: string;
  country?: string;
  currency?: string;
  valueCny: string;
  /** [hsChapter, valueCny] pairs; one line of chapter 33 with the whole value by default. */
  lines?: [string, string][];
  clearedAt: string;
}

/** What clearance publishes when a declaration reaches CLEARED (the data shape statistics needs). */
export function cleared(uscc: string, value: ClearedValue): NewEvent {
  const declarationId = value.declarationId ?? randomUUID();
  const lines = (value.lines ?? [['33', value.valueCny]]).map(([hsChapter, valueCny]) => ({ hsChapter, valueCny }));
  return {
    type: 'clearance.declaration.cleared', subject: declarationId, actor: 'customs',
    data: {
      declarationId, copNo: `COP${declarationId.slice(0, 8)}`, enterprise: uscc,
      parties: { ECOMMERCE_ENTERPRISE: uscc, ECOMMERCE_PLATFORM: null, LOGISTICS: null, PAYMENT: null, CUSTOMS_BROKER: null },
      direction: value.direction ?? 'IMPORT', mode: value.mode ?? 'MODE_1210', country: value.country ?? 'JP', currency: value.currency ?? 'CNY',
      valueCny: value.valueCny, lines, clearedAt: value.clearedAt,
    },
  };
}

/** What clearance publishes on a status transition. */
export function statusChanged(declarationId: string, uscc: string, from: string | null, to: string, at: string): NewEvent {
  return {
    type: 'clearance.declaration.status-changed', subject: declarationId, actor: 'customs',
    data: {
      declarationId, copNo: `COP${declarationId.slice(0, 8)}`, orderNo: `ORD${declarationId.slice(0, 8)}`, enterprise: uscc, platform: null,
      parties: { ECOMMERCE_ENTERPRISE: uscc }, direction: 'IMPORT', mode: 'MODE_1210', from, to, at, reason: null, receiptCode: null,
    },
  };
}

// ---- operations -------------------------------------------------------------------------------

export const TRADE = `query($from: Date!, $to: Date!, $g: Granularity, $by: [StatDimension!]) {
  tradeStatistics(from: $from, to: $to, granularity: $g, groupBy: $by) {
    period from to dimensions { dimension value } count value growth yearOnYear settledInCnyShare } }`;

export const SUMMARY = `query($r: [_Any!]!, $year: Int) { _entities(representations: $r) { ... on Enterprise { uscc
  tradeSummary(year: $year) { uscc year to count value importValue exportValue yearOnYear settledInCnyShare
    months { period count value growth yearOnYear } } } } }`;

export const INDEX = `query($p: String!) { compositeIndex(period: $p) {
  period value provisional basePeriod publishedAt components { name value weight level baseLevel } } }`;

export const TARGETS = `{ pilotTargets { key name target actual unit measured progress asOf basis } }`;

export const RECORD_TARGET = `mutation($key: String!, $actual: Decimal!, $asOf: Date!) {
  recordTargetProgress(key: $key, actual: $actual, asOf: $asOf) { key actual measured asOf } }`;

/** The rows of tradeStatistics, asked as `identity` (a regulator by default). */
export async function trade(
  t: TestStatistics, from: string, to: string, granularity = 'MONTH', groupBy: string[] = [], identity: Identity = regulator(),
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<Record<string, any>[]> {
  return assertData(await t.request(TRADE, { from, to, g: granularity, by: groupBy }, identity)).tradeStatistics;
}

export const until = (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<boolean> => pollUntil(condition, timeoutMs, 20);
