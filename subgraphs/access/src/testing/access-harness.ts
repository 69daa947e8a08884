import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createLogger, createSql, createTestDatabase, DEV_IDENTITY_SIGNING_KEYS, IdentitySigner, IDENTITY_HEADER, publish, usccCheckCharacter,
  type BusEvent, type Identity, type NewEvent, type Sql, type TestDatabase,
} from '@sw/kernel';
import type { Logger as QueryLogger } from 'typeorm';
import { startAccess, type RunningAccess } from '../app';
import { readAccessConfig } from '../config';

/** A TypeORM logger that only counts (and keeps) the SQL statements the access data source runs. */
export class QueryCounter implements QueryLogger {
  count = 0;
  statements: string[] = [];

  reset(): void {
    this.count = 0;
    this.statements = [];
  }

  logQuery(query: string): void {
    this.count += 1;
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

export interface TestAccess {
  /** The subgraph's /graphql URL on 127.0.0.1. */
  url: string;
  database: TestDatabase;
  access: RunningAccess;
  /** postgres.js on the test database (as its owner), for assertions on tables and `bus.events`. */
  sql: Sql;
  /** Counts the access data source's SQL statements; reset it before measuring. */
  queries: QueryCounter;
  /** Everything the service logged (pino JSON lines), captured at trace level. */
  logs(): string;
  request(query: string, variables?: Record<string, unknown>, identity?: Identity): Promise<GraphQLResponse>;
  /** Publishes an event on the bus in its own transaction, as a producer would. */
  publish(event: NewEvent): Promise<BusEvent>;
  /** Publishes registry.enterprise.filed for `uscc` and waits until access's projection has it. */
  file(uscc: string, roles?: string[]): Promise<void>;
  /** Waits until the audit consumer has processed everything on the bus up to now. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the access subgraph (and its audit consumer) on a fresh test database and a free
 * loopback port. `stop()` closes the server, the consumer, both pools and drops the database.
 */
export async function startTestAccess(overrides: NodeJS.ProcessEnv = {}): Promise<TestAccess> {
  const database = await createTestDatabase();
  const lines: string[] = [];
  const logger = createLogger('access', 'trace', { write: (line: string) => void lines.push(line) });
  const queries = new QueryCounter();
  let access: RunningAccess;
  try {
    access = await startAccess(readAccessConfig({ DATABASE_URL: database.url, ACCESS_PORT: '0', ...overrides }), logger, queries);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const sql = createSql(database.url, 4);
  const publishOne = (event: NewEvent) => access.db.transaction((manager) => publish(manager, event));
  return {
    url: access.url,
    database,
    access,
    sql,
    queries,
    logs: () => lines.join(''),
    request: (query, variables = {}, identity) => post(access.url, query, variables, identity),
    publish: publishOne,
    async file(uscc, roles = ['BANK']) {
      await publishOne(filedEvent(uscc, roles));
      assert.ok(await until(async () => (await sql`select 1 from access.enterprises where uscc = ${uscc}`).length > 0), `access never projected ${uscc}`);
    },
    async settle() {
      const [{ seq }] = await sql`select coalesce(max(seq), 0) as seq from bus.events`;
      assert.ok(await until(async () => (await access.auditConsumer.offset()) >= BigInt(seq)), `the audit consumer did not reach seq ${seq}`);
    },
    async stop() {
      try {
        await access.stop();
      } finally {
        await sql.end({ timeout: 5 });
        await database.drop();
      }
    },
  };
}

/** Signs like the gateway does with the development keys the subgraph trusts by default. */
const gatewaySigner = new IdentitySigner(DEV_IDENTITY_SIGNING_KEYS);

/** POSTs one operation to the subgraph, as the gateway would: the identity travels in `x-sw-identity`. */
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
export const enterpriseCaller = (uscc: string, scopes: string[] = []): Identity =>
  ({ subject: `enterprise-${uscc}`, role: 'ENTERPRISE', uscc, scopes });
export const partnerCaller = (uscc: string, scopes: string[] = []): Identity =>
  ({ subject: `partner-${uscc}`, role: 'PARTNER', uscc, scopes });
/** The gateway calling on its own behalf, exactly as it signs key checks and audit records. */
export const gatewayCaller = (): Identity => ({ subject: 'gateway', role: 'REGULATOR', scopes: ['keys:verify', 'audit:write'] });

// ---- builders ---------------------------------------------------------------------------------

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid USCC (GB 32100-2015) made deterministically from `seed`. */
export function validUscc(seed: number | string): string {
  let n = (typeof seed === 'number' ? seed : createHash('sha256').update(seed).digest().readUInt32BE(0)) % 31 ** 7;
  let body = '';
  for (let i = 0; i < 7; i++) {
    body = USCC_CHARSET[n % 31] + body;
    n = Math.floor(n / 31);
  }
  const first17 = `91410100MA${body}`;
  return first17 + usccCheckCharacter(first17);
}

export interface IssueInputValue {
  label: string;
  role: 'REGULATOR' | 'ENTERPRISE' | 'PARTNER';
  uscc?: string | null;
  scopes?: string[] | null;
  expiresAt?: string | null;
}

let inputSeed = 0;

/** A valid `IssueApiKeyInput`: an ENTERPRISE key for its own USCC unless overridden. */
export function issueInput(overrides: Partial<IssueInputValue> = {}): IssueInputValue {
  inputSeed += 1;
  return { label: `清关系统对接 ${inputSeed}`, role: 'ENTERPRISE', uscc: validUscc(inputSeed), scopes: ['declarations:write'], ...overrides };
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** registry.enterprise.filed as the registry publishes it. */
export function filedEvent(uscc: string, roles: string[] = ['BANK']): NewEvent {
  return {
    type: 'registry.enterprise.filed', subject: uscc, actor: 'test',
    data: { uscc, name: `授权测试企业${uscc.slice(10, 17)}`, customsCode: null, region: 'ZHENGZHOU', roles, filingStatus: 'ACTIVE' },
  };
}

export interface GrantInputValue {
  uscc: string;
  partnerUscc: string;
  scopes: string[];
  until: string;
}

/** A valid `GrantDataAccessInput`: CREDIT for a day unless overridden. */
export function grantInput(uscc: string, partnerUscc: string, overrides: Partial<GrantInputValue> = {}): GrantInputValue {
  return { uscc, partnerUscc, scopes: ['CREDIT'], until: new Date(Date.now() + 86_400_000).toISOString(), ...overrides };
}

// ---- operations -------------------------------------------------------------------------------

export const KEY_FIELDS = 'id label role uscc scopes createdAt expiresAt revokedAt createdBy';
export const ISSUE = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { id key role uscc scopes expiresAt } }`;
export const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) }`;
export const API_KEYS = `query($first: Int, $after: String) { apiKeys(first: $first, after: $after) {
  totalCount edges { cursor node { ${KEY_FIELDS} } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
export const VERIFY = `query($keyHash: String!) { verifyApiKey(keyHash: $keyHash) { id role uscc scopes expiresAt revokedAt } }`;
export const RECORD = `mutation($input: AuditInput!) { recordAudit(input: $input) }`;
export const AUDIT_LOG = `query($first: Int, $after: String, $filter: AuditFilter) { auditLog(first: $first, after: $after, filter: $filter) {
  totalCount edges { cursor node { seq id at actor action subject detail prevHash hash } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
export const VERIFY_CHAIN = `{ verifyAuditChain { ok entries firstBrokenSeq } }`;
export const GRANT_FIELDS = 'id uscc partnerUscc partner { uscc } scopes until revokedAt createdAt live';
export const GRANT = `mutation($input: GrantDataAccessInput!) { grantDataAccess(input: $input) { ${GRANT_FIELDS} } }`;
export const REVOKE_GRANT = `mutation($id: ID!) { revokeDataAccess(id: $id) { ${GRANT_FIELDS} } }`;
/** What the gateway sends to fetch access's fields of enterprises. */
export const GRANTS_OF = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { uscc dataAccessGrants { ${GRANT_FIELDS} } } } }`;
export const ACCESS_LOG_OF = `query($r: [_Any!]!, $first: Int, $after: String) { _entities(representations: $r) { ... on Enterprise {
  uscc dataAccessLog(first: $first, after: $after) { totalCount edges { cursor node { id partnerUscc partner { uscc } scope what at requestId } }
  pageInfo { hasNextPage endCursor } } } } }`;

/** The events of `type` on the bus (optionally about `subject`), oldest first. */
export async function busEvents(sql: Sql, type: string, subject?: string) {
  const rows = subject === undefined
    ? await sql`select id, seq, type, subject, actor, data from bus.events where type = ${type} order by seq`
    : await sql`select id, seq, type, subject, actor, data from bus.events where type = ${type} and subject = ${subject} order by seq`;
  return rows.map((row) => ({ ...row }) as { id: string; seq: bigint; type: string; subject: string; actor: string; data: Record<string, unknown> });
}

/** The audit entries stored with this id (an entry made from an event has the event's id). */
export async function auditRows(sql: Sql, id: string) {
  return (await sql`select seq, id, at, actor, action, subject, detail, prev_hash, hash from access.audit_log where id = ${id}`)
    .map((row) => ({ ...row }));
}

/** Polls `condition` until it holds or `timeoutMs` passes; the result says which. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(25);
  }
  return condition();
}

/** Asserts the call failed with exactly one error of `code` (and, when given, `extensions.field` equal to `field`). */
export function assertError(response: GraphQLResponse, code: string, field?: string): GraphQLErrorBody {
  assert.ok(response.errors?.length, `expected ${code}, got ${JSON.stringify(response)}`);
  assert.equal(response.errors.length, 1, JSON.stringify(response.errors));
  const [error] = response.errors;
  assert.equal(error.extensions?.code, code, JSON.stringify(error));
  if (field !== undefined) assert.equal(error.extensions?.field, field, JSON.stringify(error));
  return error;
}

/** Asserts the call succeeded and returns its data. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function assertData(response: GraphQLResponse): Record<string, any> {
  assert.equal(response.errors, undefined, JSON.stringify(response.errors));
  assert.ok(response.data, 'no data in the response');
  return response.data;
}
