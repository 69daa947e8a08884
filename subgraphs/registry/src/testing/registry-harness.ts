import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  createLogger, createSql, createTestDatabase, DEV_IDENTITY_SIGNING_KEYS, IdentitySigner, IDENTITY_HEADER, residentIdCheckCharacter, usccCheckCharacter,
  type Identity, type Sql, type TestDatabase,
} from '@sw/kernel';
import type { Logger as QueryLogger } from 'typeorm';
import { startRegistry, type RunningRegistry } from '../app';
import { readRegistryConfig } from '../config';

/** A TypeORM logger that only counts (and keeps) the SQL statements the registry's data source runs. */
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

export interface TestRegistry {
  /** The subgraph's /graphql URL on 127.0.0.1. */
  url: string;
  database: TestDatabase;
  registry: RunningRegistry;
  /** postgres.js on the test database, for assertions on tables and `bus.events`. */
  sql: Sql;
  /** Counts the registry data source's SQL statements; reset it before measuring. */
  queries: QueryCounter;
  /** Everything the registry logged (pino JSON lines), captured at trace level. */
  logs(): string;
  request(query: string, variables?: Record<string, unknown>, identity?: Identity): Promise<GraphQLResponse>;
  stop(): Promise<void>;
}

/**
 * Starts the registry on a fresh test database and a free loopback port, with a captured logger
 * and a query counter. `stop()` closes the server, both pools and drops the database.
 */
export async function startTestRegistry(overrides: NodeJS.ProcessEnv = {}): Promise<TestRegistry> {
  const database = await createTestDatabase();
  const lines: string[] = [];
  const logger = createLogger('registry', 'trace', { write: (line: string) => void lines.push(line) });
  const queries = new QueryCounter();
  let registry: RunningRegistry;
  try {
    registry = await startRegistry(readRegistryConfig({ DATABASE_URL: database.url, REGISTRY_PORT: '0', ...overrides }), logger, queries);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const sql = createSql(database.url, 2);
  return {
    url: registry.url,
    database,
    registry,
    sql,
    queries,
    logs: () => lines.join(''),
    request: (query, variables = {}, identity) => post(registry.url, query, variables, identity),
    async stop() {
      try {
        await registry.stop();
      } finally {
        await sql.end({ timeout: 5 });
        await database.drop();
      }
    },
  };
}

/** Signs like the gateway does with the development keys the registry trusts by default. */
const gatewaySigner = new IdentitySigner(DEV_IDENTITY_SIGNING_KEYS);

/** POSTs one operation to the subgraph, as the gateway would: the identity travels in `x-sw-identity`. */
export async function post(url: string, query: string, variables: Record<string, unknown> = {}, identity?: Identity): Promise<GraphQLResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  headers[IDENTITY_HEADER] = gatewaySigner.sign(identity ?? null);
  const response = await fetch(url, {
    method: 'POST',
    headers,
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

// ---- builders ---------------------------------------------------------------------------------

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function seedNumber(seed: number | string): number {
  if (typeof seed === 'number') return seed;
  return createHash('sha256').update(seed).digest().readUInt32BE(0);
}

/**
 * A valid USCC (GB 32100-2015) made deterministically from `seed`: `91410100MA` followed by the seed
 * in base 31 over the USCC charset (7 places) and the check character. Numeric seeds keep their order.
 */
export function validUscc(seed: number | string): string {
  let n = seedNumber(seed) % 31 ** 7;
  let body = '';
  for (let i = 0; i < 7; i++) {
    body = USCC_CHARSET[n % 31] + body;
    n = Math.floor(n / 31);
  }
  const first17 = `91410100MA${body}`;
  return first17 + usccCheckCharacter(first17);
}

/** A valid 18-digit resident ID (GB 11643-1999): area `410105`, the birth date, a 3-digit sequence from `seed`, the check. */
export function validResidentId(seed: number | string, birth = '19900101', area = '410105'): string {
  const sequence = String(seedNumber(seed) % 1000).padStart(3, '0');
  const first17 = `${area}${birth}${sequence}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** A valid 10-character customs registration code from `seed`: area `4101` and six digits. */
export function validCustomsCode(seed: number | string): string {
  return `4101${String(seedNumber(seed) % 1_000_000).padStart(6, '0')}`;
}

export interface FileEnterpriseInputValue {
  uscc: string;
  name: string;
  customsCode?: string | null;
  region: string;
  roles: string[];
  legalRepresentative?: string | null;
  address?: string | null;
  contactPhone?: string | null;
}

let inputSeed = 900_000;

/** A valid `FileEnterpriseInput`; each call gets its own USCC and customs code unless overridden. */
export function fileEnterpriseInput(overrides: Partial<FileEnterpriseInputValue> = {}): FileEnterpriseInputValue {
  inputSeed += 1;
  return {
    uscc: validUscc(inputSeed),
    name: `郑州测试跨境电商有限公司${inputSeed}`,
    customsCode: validCustomsCode(inputSeed),
    region: 'ZHENGZHOU',
    roles: ['ECOMMERCE_ENTERPRISE'],
    legalRepresentative: '王建国',
    address: '郑州市航空港区新港大道1号',
    contactPhone: '13900001111',
    ...overrides,
  };
}

// ---- operations -------------------------------------------------------------------------------

export const ENTERPRISE_FIELDS = `uscc name customsCode region roles
  filing { status qualifications { agency status } history { kind changed reason actor } }`;

export const FILE_ENTERPRISE = `mutation($input: FileEnterpriseInput!) { fileEnterprise(input: $input) { ${ENTERPRISE_FIELDS} } }`;
export const AMEND_FILING = `mutation($uscc: ID!, $input: AmendFilingInput!) { amendFiling(uscc: $uscc, input: $input) { ${ENTERPRISE_FIELDS} } }`;
export const REVOKE_FILING = `mutation($uscc: ID!, $reason: String!) { revokeFiling(uscc: $uscc, reason: $reason) { ${ENTERPRISE_FIELDS} } }`;
export const FILE_INDIVIDUAL = `mutation($input: FileIndividualInput!) { fileIndividual(input: $input) { id name idNumber phone region } }`;

/** Counts of every registry table and of `bus.events`, to show that a refused call wrote nothing. */
export async function tableCounts(sql: Sql): Promise<Record<string, number>> {
  const [row] = await sql`
    select (select count(*)::int from registry.enterprises) as enterprises,
           (select count(*)::int from registry.qualifications) as qualifications,
           (select count(*)::int from registry.filing_changes) as filing_changes,
           (select count(*)::int from registry.persons) as persons,
           (select count(*)::int from bus.events) as events`;
  return { ...row } as Record<string, number>;
}

export interface StoredEvent {
  seq: bigint;
  type: string;
  subject: string;
  actor: string;
  data: Record<string, unknown>;
}

/** The events of `type` on the bus (optionally about `subject`), oldest first. */
export async function busEvents(sql: Sql, type: string, subject?: string): Promise<StoredEvent[]> {
  const rows = subject === undefined
    ? await sql`select seq, type, subject, actor, data from bus.events where type = ${type} order by seq`
    : await sql`select seq, type, subject, actor, data from bus.events where type = ${type} and subject = ${subject} order by seq`;
  return rows.map((row) => ({ ...row }) as unknown as StoredEvent);
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
