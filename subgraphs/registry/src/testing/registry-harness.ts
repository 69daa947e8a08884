import type { Identity, Sql, TestDatabase } from '@sw/kernel';
import {
  post, QueryCounter, startOnTestDatabase, validCustomsCode, validUscc, type GraphQLResponse,
} from '@sw/kernel/dist/testing';
import { startRegistry, type RunningRegistry } from '../app';
import { readRegistryConfig } from '../config';

export {
  assertData, assertError, busEvents, enterpriseCaller, partnerCaller, post, QueryCounter, regulator, validCustomsCode, validResidentId, validUscc,
  type GraphQLErrorBody, type GraphQLResponse, type StoredEvent,
} from '@sw/kernel/dist/testing';

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
  const queries = new QueryCounter();
  const started = await startOnTestDatabase('registry', (url, logger) =>
    startRegistry(readRegistryConfig({ DATABASE_URL: url, REGISTRY_PORT: '0', ...overrides }), logger, queries), { sqlPoolSize: 2 });
  const registry = started.service;
  return {
    url: registry.url,
    database: started.database,
    registry,
    sql: started.sql,
    queries,
    logs: started.logs,
    request: (query, variables = {}, identity) => post(registry.url, query, variables, identity),
    stop: started.stop,
  };
}

// ---- builders ---------------------------------------------------------------------------------

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
