import { join } from 'node:path';
import { readGatewayConfig, startGateway, type RunningGateway } from '@sw/gateway';
import { createLogger, createTestDatabase, type TestDatabase } from '@sw/kernel';
import { readAccessConfig, startAccess, type RunningAccess } from '@sw/access';
import { readClearanceConfig, startClearance, type RunningClearance } from '@sw/clearance';
import { readCreditConfig, startCredit, type RunningCredit } from '@sw/credit';
import { readAgenciesConfig, startAgencies, startSimulator, type RunningAgencies, type RunningSimulator } from '@sw/agencies';
import { readRegistryConfig, startRegistry, type RunningRegistry } from '@sw/registry';
import { readStatisticsConfig, startStatistics, type RunningStatistics } from '@sw/statistics';
import { readLogisticsConfig, startLogistics, type RunningLogistics } from '@sw/logistics';
import { readTraceabilityConfig, startTraceability, type RunningTraceability } from '@sw/traceability';

export const ADMIN_KEY = 'e2e-admin-key-0123456789';
export const SUPERGRAPH = join(__dirname, '..', '..', 'schema', 'supergraph.graphql');

export interface Stack {
  database: TestDatabase;
  registry: RunningRegistry;
  access: RunningAccess;
  credit: RunningCredit;
  clearance: RunningClearance;
  traceability: RunningTraceability;
  statistics: RunningStatistics;
  logistics: RunningLogistics;
  agencies: RunningAgencies;
  /** The agency simulators the agencies subgraph calls, each on its own free port. */
  simulators: Record<'saic' | 'tax' | 'public-security' | 'customs', RunningSimulator>;
  gateway: RunningGateway;
  stop(): Promise<void>;
}

/** The subgraphs and the gateway as they run in production, on free loopback ports and a fresh database. */
export async function startStack(gatewayEnv: NodeJS.ProcessEnv = {}): Promise<Stack> {
  const database = await createTestDatabase();
  const silent = createLogger('e2e', 'silent');
  const registry = await startRegistry(readRegistryConfig({ DATABASE_URL: database.url, REGISTRY_PORT: '0' }), silent);
  const access = await startAccess(readAccessConfig({ DATABASE_URL: database.url, ACCESS_PORT: '0' }), silent);
  const credit = await startCredit(readCreditConfig({ DATABASE_URL: database.url, CREDIT_PORT: '0', CREDIT_CONSUMER_POLL_MS: '100' }), silent);
  const clearance = await startClearance(readClearanceConfig({ DATABASE_URL: database.url, CLEARANCE_PORT: '0' }), silent);
  const traceability = await startTraceability(readTraceabilityConfig({ DATABASE_URL: database.url, TRACEABILITY_PORT: '0' }), silent);
  const statistics = await startStatistics(readStatisticsConfig({
    DATABASE_URL: database.url, STATISTICS_PORT: '0', STATISTICS_CONSUMER_POLL_MS: '100', STATISTICS_PUBLISH_INTERVAL_MINUTES: '0',
  }), silent);
  const logistics = await startLogistics(readLogisticsConfig({ DATABASE_URL: database.url, LOGISTICS_PORT: '0', LOGISTICS_CONSUMER_POLL_MS: '100' }), silent);
  const simulators = {
    saic: await startSimulator('saic', { logger: silent }),
    tax: await startSimulator('tax', { logger: silent }),
    'public-security': await startSimulator('public-security', { logger: silent }),
    customs: await startSimulator('customs', { logger: silent }),
  };
  const agencies = await startAgencies(readAgenciesConfig({
    DATABASE_URL: database.url,
    AGENCIES_PORT: '0',
    AGENCY_SAIC_URL: simulators.saic.url,
    AGENCY_TAX_URL: simulators.tax.url,
    AGENCY_PUBLIC_SECURITY_URL: simulators['public-security'].url,
    AGENCY_CUSTOMS_URL: simulators.customs.url,
  }), silent);
  const gateway = await startGateway(readGatewayConfig({
    PORT: '0',
    SUPERGRAPH_PATH: SUPERGRAPH,
    SUBGRAPH_URL_REGISTRY: registry.url,
    SUBGRAPH_URL_ACCESS: access.url,
    SUBGRAPH_URL_CREDIT: credit.url,
    SUBGRAPH_URL_AGENCIES: agencies.url,
    SUBGRAPH_URL_CLEARANCE: clearance.url,
    SUBGRAPH_URL_TRACEABILITY: traceability.url,
    SUBGRAPH_URL_STATISTICS: statistics.url,
    SUBGRAPH_URL_LOGISTICS: logistics.url,
    ADMIN_API_KEY: ADMIN_KEY,
    DATABASE_URL: database.url,
    ...gatewayEnv,
  }), silent);
  return {
    database,
    registry,
    access,
    credit,
    clearance,
    traceability,
    statistics,
    logistics,
    agencies,
    simulators,
    gateway,
    async stop() {
      await gateway.stop();
      await agencies.stop();
      await Promise.all(Object.values(simulators).map((simulator) => simulator.stop()));
      await logistics.stop();
      await statistics.stop();
      await traceability.stop();
      await clearance.stop();
      await credit.stop();
      await access.stop();
      await registry.stop();
      await database.drop();
    },
  };
}

export interface GraphQLResponse {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, any>; path?: (string | number)[] }[];
}

/** POSTs one operation to a GraphQL endpoint. */
export async function post(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  return (await response.json()) as GraphQLResponse;
}

export const asAdmin = { authorization: `Bearer ${ADMIN_KEY}` };
