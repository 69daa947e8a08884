import assert from 'node:assert/strict';
import { publish, type BusEvent, type Identity, type NewEvent, type Sql, type TestDatabase } from '@sw/kernel';
import {
  assertData, post, QueryCounter, regulator, startOnTestDatabase, until as pollUntil, validUscc as usccFromSeed, type GraphQLResponse,
} from '@sw/kernel/dist/testing';
import { startCredit, type RunningCredit } from '../app';
import { readCreditConfig } from '../config';
import { addDays, shanghaiToday } from '../method/dates';

export {
  assertData, assertError, busEvents, enterpriseCaller, partnerCaller, post, QueryCounter, regulator,
  type GraphQLErrorBody, type GraphQLResponse,
} from '@sw/kernel/dist/testing';

export interface TestCredit {
  url: string;
  database: TestDatabase;
  credit: RunningCredit;
  /** postgres.js on the test database, for assertions on tables and `bus.events`. */
  sql: Sql;
  /** Counts the SQL statements of credit's TypeORM data source (the read paths); reset it before measuring. */
  queries: QueryCounter;
  logs(): string;
  request(query: string, variables?: Record<string, unknown>, identity?: Identity): Promise<GraphQLResponse>;
  /** Publishes an event on the bus in its own transaction, as its producer would. */
  publish(event: NewEvent): Promise<BusEvent>;
  /** Waits until credit's consumer has processed everything on the bus up to now. */
  settle(): Promise<void>;
  /** Publishes registry.enterprise.filed for `uscc` and waits until credit has consumed it. */
  file(uscc: string, name?: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the credit subgraph (its consumer included) on a fresh test database and a free loopback
 * port. Filings, SAIC lists and tax ratings reach it as real events on the bus.
 */
export async function startTestCredit(overrides: NodeJS.ProcessEnv = {}): Promise<TestCredit> {
  const queries = new QueryCounter();
  const started = await startOnTestDatabase('credit', (url, logger) => startCredit(readCreditConfig({
    DATABASE_URL: url, CREDIT_PORT: '0', CREDIT_REFRESH_INTERVAL_MINUTES: '0', CREDIT_CONSUMER_POLL_MS: '50', ...overrides,
  }), logger, queries));
  const { service: credit, sql } = started;
  const publishOne = (event: NewEvent) => credit.db.transaction((manager) => publish(manager, event));
  const settle = async () => {
    const [{ seq }] = await sql`select coalesce(max(seq), 0) as seq from bus.events`;
    const caughtUp = await until(async () => (await credit.consumer.offset()) >= BigInt(seq));
    assert.ok(caughtUp, `credit's consumer did not reach seq ${seq}`);
  };
  return {
    url: credit.url,
    database: started.database,
    credit,
    sql,
    queries,
    logs: started.logs,
    request: (query, variables = {}, identity) => post(credit.url, query, variables, identity),
    publish: publishOne,
    settle,
    async file(uscc, name = `郑州信用测试企业${uscc.slice(10, 17)}`) {
      await publishOne(filedEvent(uscc, name));
      await settle();
    },
    stop: started.stop,
  };
}

// ---- builders ---------------------------------------------------------------------------------

/** A valid USCC (GB 32100-2015) made deterministically from `seed`, in credit's own range. */
export const validUscc = (seed: number | string): string => usccFromSeed(seed, '91410100CR');

export const today = () => shanghaiToday();
export const daysAgo = (days: number) => addDays(shanghaiToday(), -days);

export function filedEvent(uscc: string, name: string): NewEvent {
  return {
    type: 'registry.enterprise.filed', subject: uscc, actor: 'regulator-1',
    data: { uscc, name, customsCode: null, region: 'ZHENGZHOU', roles: ['ECOMMERCE_ENTERPRISE'], filingStatus: 'ACTIVE' },
  };
}

export interface PublicityEntryValue { list: 'ABNORMAL_OPERATIONS' | 'SERIOUS_VIOLATIONS'; reason: string; listedOn: string; removedOn: string | null; authority: string }

/** What the agencies subgraph publishes when it reads an enterprise's SAIC record. */
export function saicObserved(uscc: string, publicityEntries: PublicityEntryValue[]): NewEvent {
  return {
    type: 'agencies.saic-record.observed', subject: uscc, actor: 'agencies',
    data: { uscc, status: 'IN_BUSINESS', publicityEntries, first: false, observedAt: new Date().toISOString() },
  };
}

/** What the agencies subgraph publishes when it reads an enterprise's tax credit rating. */
export function taxRatingObserved(uscc: string, rating: string, year: number, score: number | null = null): NewEvent {
  return {
    type: 'agencies.tax-rating.observed', subject: uscc, actor: 'agencies',
    data: { uscc, rating, score, year, assessedOn: `${year + 1}-04-10`, first: false, observedAt: new Date().toISOString() },
  };
}

export interface CreditEventValue {
  uscc: string;
  kind: string;
  authority: string;
  occurredOn: string;
  evidence: string;
  certificationLevel?: string | null;
}

export function creditEvent(uscc: string, kind: string, overrides: Partial<CreditEventValue> = {}): CreditEventValue {
  return { uscc, kind, authority: '郑州海关', occurredOn: today(), evidence: `郑关缉违字〔2026〕${kind.length}号`, ...overrides };
}

// ---- operations -------------------------------------------------------------------------------

export const PROFILE_FIELDS = `grade onNegativeList customsClass taxRating score riskClass computedAt
  factors { source kind weight contribution evidence recordId }
  supervision { inspectionRate simplifiedClearance preEntryChecks basis }
  history { from to fromCustomsClass toCustomsClass score cause }`;

/** An enterprise's credit through the entity the gateway would fetch. */
export const CREDIT_OF = (fields = PROFILE_FIELDS) =>
  `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { uscc credit { ${fields} } } } }`;

export const RECORD = `mutation($input: CreditEventInput!) { recordCreditEvent(input: $input) {
  id uscc source kind authority occurredOn endedOn evidence certificationLevel taxRating recordedBy } }`;
export const LIST = `mutation($input: NegativeListingInput!) { listOnNegativeList(input: $input) {
  id uscc reason authority listedOn delistedOn delistReason enterprise { uscc } } }`;
export const DELIST = `mutation($input: NegativeDelistingInput!) { delistFromNegativeList(input: $input) {
  id uscc listedOn delistedOn delistReason delistAuthority } }`;
export const NEGATIVE_LIST = `query($first: Int, $after: String, $all: Boolean) { negativeList(first: $first, after: $after, includeDelisted: $all) {
  totalCount edges { cursor node { id uscc reason authority listedOn delistedOn } } pageInfo { hasNextPage endCursor } } }`;
export const RISK_WARNINGS = `query($first: Int, $after: String) { riskWarnings(first: $first, after: $after) {
  totalCount edges { node { id uscc kind severity evidence enterprise { uscc } } } pageInfo { hasNextPage endCursor } } }`;

/** The profile of `uscc` as a regulator sees it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function profileOf(credit: TestCredit, uscc: string, fields = PROFILE_FIELDS, identity: Identity = regulator()): Promise<Record<string, any>> {
  return assertData(await credit.request(CREDIT_OF(fields), { r: [{ __typename: 'Enterprise', uscc }] }, identity))._entities[0].credit;
}

/** Counts of every credit table and of `bus.events`, to show that a refused call wrote nothing. */
export async function tableCounts(sql: Sql): Promise<Record<string, number>> {
  const [row] = await sql`
    select (select count(*)::int from credit.records) as records,
           (select count(*)::int from credit.profiles) as profiles,
           (select count(*)::int from credit.grade_changes) as grade_changes,
           (select count(*)::int from credit.negative_list) as negative_list,
           (select count(*)::int from credit.risk_warnings) as risk_warnings,
           (select count(*)::int from bus.events) as events`;
  return { ...row } as Record<string, number>;
}

export const until = (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<boolean> => pollUntil(condition, timeoutMs, 20);
