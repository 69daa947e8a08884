import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { publish, type BusEvent, type Identity, type NewEvent, type Sql, type TestDatabase } from '@sw/kernel';
import {
  post, QueryCounter, startOnTestDatabase, until, validUscc, type GraphQLResponse,
} from '@sw/kernel/dist/testing';
import { startAccess, type RunningAccess } from '../app';
import { readAccessConfig } from '../config';

export {
  assertData, assertError, busEvents, enterpriseCaller, partnerCaller, post, QueryCounter, regulator, until, validUscc,
  type GraphQLErrorBody, type GraphQLResponse,
} from '@sw/kernel/dist/testing';

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
  const queries = new QueryCounter();
  const started = await startOnTestDatabase('access', (url, logger) =>
    startAccess(readAccessConfig({ DATABASE_URL: url, ACCESS_PORT: '0', ...overrides }), logger, queries));
  const { service: access, sql } = started;
  const publishOne = (event: NewEvent) => access.db.transaction((manager) => publish(manager, event));
  return {
    url: access.url,
    database: started.database,
    access,
    sql,
    queries,
    logs: started.logs,
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
    stop: started.stop,
  };
}

// ---- identities -------------------------------------------------------------------------------

/** The gateway calling on its own behalf, exactly as it signs key checks and audit records. */
export const gatewayCaller = (): Identity => ({ subject: 'gateway', role: 'REGULATOR', scopes: ['keys:verify', 'audit:write'] });

// ---- builders ---------------------------------------------------------------------------------

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

/** The audit entries stored with this id (an entry made from an event has the event's id). */
export async function auditRows(sql: Sql, id: string) {
  return (await sql`select seq, id, at, actor, action, subject, detail, prev_hash, hash from access.audit_log where id = ${id}`)
    .map((row) => ({ ...row }));
}
