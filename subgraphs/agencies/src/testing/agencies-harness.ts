import { createLogger, createSql, createTestDatabase, type Identity, type Sql, type TestDatabase } from '@sw/kernel';
import { assertError as assertOneError, post as postAs, type GraphQLErrorBody as ErrorBody } from '@sw/kernel/dist/testing';
import { startAgencies, type RunningAgencies } from '../app';
import { readAgenciesConfig } from '../config';
import { startSimulator, type Agency as SimulatorAgency, type RunningSimulator } from '../simulators';

export { assertData, busEvents, enterpriseCaller, partnerCaller, regulator, until } from '@sw/kernel/dist/testing';

/** An error as the agencies subgraph reports it: an unavailable agency names itself and why. */
export interface GraphQLErrorBody extends ErrorBody {
  extensions?: { code?: string; field?: string; agency?: string; reason?: string; [key: string]: unknown };
}

export interface GraphQLResponse {
  // Test assertions walk the data freely; its shape is whatever the operation selected.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data?: Record<string, any> | null;
  errors?: GraphQLErrorBody[];
}

export type Simulators = Record<SimulatorAgency, RunningSimulator>;

export interface TestAgencies {
  /** The subgraph's /graphql URL on 127.0.0.1. */
  url: string;
  database: TestDatabase;
  agencies: RunningAgencies;
  /** The four agency simulators, each on its own free loopback port. */
  simulators: Simulators;
  /** postgres.js on the test database, for assertions on tables and `bus.events`. */
  sql: Sql;
  /** Everything the subgraph and the simulators logged (pino JSON lines), captured at trace level. */
  logs(): string;
  request(query: string, variables?: Record<string, unknown>, identity?: Identity): Promise<GraphQLResponse>;
  stop(): Promise<void>;
}

/**
 * Settings that keep the resilience tests quick: short timeouts and backoff, a small breaker,
 * no background jobs (tests run them by hand). A test file overrides what it is about.
 */
export const TEST_ENV: NodeJS.ProcessEnv = {
  AGENCY_SAIC_TIMEOUT_MS: '1000',
  AGENCY_TAX_TIMEOUT_MS: '1000',
  AGENCY_PUBLIC_SECURITY_TIMEOUT_MS: '1000',
  AGENCY_CUSTOMS_TIMEOUT_MS: '1000',
  AGENCY_RETRIES: '1',
  AGENCY_RETRY_INITIAL_DELAY_MS: '10',
  AGENCY_RETRY_MAX_DELAY_MS: '50',
  AGENCY_BREAKER_FAILURES: '3',
  AGENCY_BREAKER_HALF_OPEN_MS: '30000',
  AGENCY_REFRESH_MINUTES: '0',
  AGENCY_CUSTOMS_POLL_SECONDS: '0',
};

/**
 * Starts the four simulators on free loopback ports, then the agencies subgraph on a fresh test
 * database pointing at them, with one captured log for all. `stop()` stops everything and drops
 * the database.
 */
export async function startTestAgencies(overrides: NodeJS.ProcessEnv = {}): Promise<TestAgencies> {
  const lines: string[] = [];
  const destination = { write: (line: string) => void lines.push(line) };
  const simulators = {} as Simulators;
  for (const agency of ['saic', 'tax', 'public-security', 'customs'] as const) {
    simulators[agency] = await startSimulator(agency, { port: 0, logger: createLogger(`${agency}-simulator`, 'trace', destination) });
  }
  const database = await createTestDatabase();
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: database.url,
    AGENCIES_PORT: '0',
    AGENCY_SAIC_URL: simulators.saic.url,
    AGENCY_SAIC_TOKEN: simulators.saic.token,
    AGENCY_TAX_URL: simulators.tax.url,
    AGENCY_TAX_TOKEN: simulators.tax.token,
    AGENCY_PUBLIC_SECURITY_URL: simulators['public-security'].url,
    AGENCY_PUBLIC_SECURITY_TOKEN: simulators['public-security'].token,
    AGENCY_CUSTOMS_URL: simulators.customs.url,
    AGENCY_CUSTOMS_TOKEN: simulators.customs.token,
    ...TEST_ENV,
    ...overrides,
  };
  let agencies: RunningAgencies;
  try {
    agencies = await startAgencies(readAgenciesConfig(env), createLogger('agencies', 'trace', destination));
  } catch (error) {
    await stopAll(simulators);
    await database.drop();
    throw error;
  }
  const sql = createSql(database.url, 2);
  return {
    url: agencies.url,
    database,
    agencies,
    simulators,
    sql,
    logs: () => lines.join(''),
    request: (query, variables = {}, identity) => post(agencies.url, query, variables, identity),
    async stop() {
      try {
        await agencies.stop();
        await stopAll(simulators);
      } finally {
        await sql.end({ timeout: 5 });
        await database.drop();
      }
    },
  };
}

async function stopAll(simulators: Partial<Simulators>): Promise<void> {
  await Promise.all(Object.values(simulators).map((simulator) => simulator.stop()));
}

/** POSTs one operation to the subgraph, as the gateway would; the agencies' calls may take up to 30 s. */
export const post = (url: string, query: string, variables: Record<string, unknown> = {}, identity?: Identity): Promise<GraphQLResponse> =>
  postAs(url, query, variables, identity, 30_000);

// ---- operations -------------------------------------------------------------------------------

export const SAIC_FIELDS = `uscc name legalForm status registeredCapital currency establishedOn businessScope
  publicityEntries { list reason listedOn removedOn authority } stale fetchedAt ageSeconds`;
export const TAX_FIELDS = 'rating score year assessedOn stale fetchedAt ageSeconds';

/** What the gateway sends to fetch this subgraph's fields of an enterprise. */
export const entitiesQuery = (selection: string) =>
  `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { uscc ${selection} } } }`;

/** The `_entities` representations of these enterprises. */
export const enterprises = (...usccs: string[]) => ({ r: usccs.map((uscc) => ({ __typename: 'Enterprise', uscc })) });

export const VERIFY = `mutation($name: String!, $idNumber: String!) { verifyIdentity(name: $name, idNumber: $idNumber) { result checkedAt reference } }`;
export const SUBMIT_REBATE = `mutation($input: SubmitExportRebateInput!) {
  submitExportRebate(input: $input) { id period amount currency status submittedAt updatedAt reason } }`;

// ---- assertions -------------------------------------------------------------------------------

/** Asserts the call failed with exactly one error of `code` (and, when given, `extensions.field` equal to `field`). */
export const assertError = (response: GraphQLResponse, code: string, field?: string): GraphQLErrorBody =>
  assertOneError(response, code, field) as GraphQLErrorBody;
