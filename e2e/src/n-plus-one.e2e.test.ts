import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { readAccessConfig, startAccess, type RunningAccess } from '@sw/access';
import { readAgenciesConfig, startAgencies, startSimulator, type RunningAgencies, type RunningSimulator } from '@sw/agencies';
import { readCreditConfig, startCredit, type RunningCredit } from '@sw/credit';
import { readGatewayConfig, startGateway, type RunningGateway } from '@sw/gateway';
import { createLogger, createTestDatabase, usccCheckCharacter, type TestDatabase } from '@sw/kernel';
import { readRegistryConfig, startRegistry, type RunningRegistry } from '@sw/registry';
import type { Logger as QueryLogger } from 'typeorm';
import { ADMIN_KEY, asAdmin, post, SUPERGRAPH } from './stack';

/**
 * N+1 guard: counts the SQL statements every subgraph runs for one gateway request and fails
 * when listing N enterprises with nested fields costs more statements for a larger N.
 *
 * Each subgraph gets a TypeORM query logger; each subgraph's HTTP server runs its request
 * handling inside an AsyncLocalStorage scope named by the request's `x-request-id` (which the
 * gateway forwards from the client), so a statement is counted for the request whose
 * resolvers issued it, and background work (bus consumers, jobs) is not counted.
 */
const scope = new AsyncLocalStorage<string>();
const statements = new Map<string, string[]>();

const countingLogger = (subgraph: string): QueryLogger => ({
  logQuery(query: string) {
    const requestId = scope.getStore();
    if (requestId) statements.get(requestId)?.push(`${subgraph}: ${query.replace(/\s+/g, ' ').slice(0, 160)}`);
  },
  logQueryError() {},
  logQuerySlow() {},
  logSchemaBuild() {},
  logMigration() {},
  log() {},
});

/** Runs every request of `http` inside a scope named by its x-request-id. */
function scopeRequests(http: Server): void {
  const listeners = http.listeners('request') as ((...args: unknown[]) => void)[];
  http.removeAllListeners('request');
  http.on('request', (req, res) => {
    const requestId = req.headers['x-request-id'];
    const run = () => listeners.forEach((listener) => listener.call(http, req, res));
    if (typeof requestId === 'string') scope.run(requestId, run);
    else run();
  });
}

let database: TestDatabase;
let registry: RunningRegistry;
let access: RunningAccess;
let credit: RunningCredit;
let agencies: RunningAgencies;
let simulators: RunningSimulator[] = [];
let gateway: RunningGateway;

const COUNT = 50;
const uscc = (n: number) => {
  const first17 = `91410100MA4N${String(n).padStart(5, '0')}`;
  return first17 + usccCheckCharacter(first17);
};

const LIST = `query($first: Int!) {
  enterprises(first: $first) {
    totalCount
    edges { node { uscc name region roles customsCode filing { status qualifications { agency status } history { kind } } credit { grade onNegativeList } } }
  }
}`;

/** The statements all subgraphs ran for one gateway request. */
async function statementsFor(query: string, variables: Record<string, unknown>): Promise<{ response: Awaited<ReturnType<typeof post>>; sql: string[] }> {
  const requestId = randomUUID();
  statements.set(requestId, []);
  const response = await post(gateway.url, query, variables, { ...asAdmin, 'x-request-id': requestId });
  const sql = statements.get(requestId)!;
  statements.delete(requestId);
  return { response, sql };
}

before(async () => {
  database = await createTestDatabase();
  const silent = createLogger('e2e', 'silent');
  registry = await startRegistry(readRegistryConfig({ DATABASE_URL: database.url, REGISTRY_PORT: '0' }), silent, countingLogger('registry'));
  access = await startAccess(readAccessConfig({ DATABASE_URL: database.url, ACCESS_PORT: '0' }), silent, countingLogger('access'));
  credit = await startCredit(readCreditConfig({ DATABASE_URL: database.url, CREDIT_PORT: '0', CREDIT_CONSUMER_POLL_MS: '100' }), silent, countingLogger('credit'));
  const [saic, tax, publicSecurity, customs] = simulators = [
    await startSimulator('saic', { logger: silent }),
    await startSimulator('tax', { logger: silent }),
    await startSimulator('public-security', { logger: silent }),
    await startSimulator('customs', { logger: silent }),
  ];
  agencies = await startAgencies(readAgenciesConfig({
    DATABASE_URL: database.url,
    AGENCIES_PORT: '0',
    AGENCY_SAIC_URL: saic!.url,
    AGENCY_TAX_URL: tax!.url,
    AGENCY_PUBLIC_SECURITY_URL: publicSecurity!.url,
    AGENCY_CUSTOMS_URL: customs!.url,
  }), silent, countingLogger('agencies'));
  for (const server of [registry, access, credit, agencies]) scopeRequests(server.http);
  gateway = await startGateway(readGatewayConfig({
    PORT: '0',
    SUPERGRAPH_PATH: SUPERGRAPH,
    SUBGRAPH_URL_REGISTRY: registry.url,
    SUBGRAPH_URL_ACCESS: access.url,
    SUBGRAPH_URL_CREDIT: credit.url,
    SUBGRAPH_URL_AGENCIES: agencies.url,
    ADMIN_API_KEY: ADMIN_KEY,
    DATABASE_URL: database.url,
    RATE_LIMIT_POINTS: '0',
  }), silent);

  for (let n = 0; n < COUNT; n++) {
    const filed = await post(gateway.url, `mutation($i: FileEnterpriseInput!) { fileEnterprise(input: $i) { uscc } }`, {
      i: { uscc: uscc(n), name: `批量 ${n}`, customsCode: `4101N${String(n).padStart(5, '0')}`, region: 'ZHENGZHOU', roles: ['ECOMMERCE_ENTERPRISE', 'LOGISTICS'] },
    }, asAdmin);
    assert.equal(filed.errors, undefined, JSON.stringify(filed.errors));
  }
  // Credit builds each profile from the bus: wait until every enterprise has one, so no
  // request below pays for a first computation.
  for (let attempt = 0; ; attempt++) {
    const listed = await post(gateway.url, `{ enterprises(first: ${COUNT}) { edges { node { credit { computedAt } } } } }`, {}, asAdmin);
    const edges = (listed.data?.enterprises?.edges ?? []) as { node: { credit: { computedAt: string | null } | null } }[];
    if (edges.length === COUNT && edges.every((edge) => edge.node.credit?.computedAt)) break;
    assert.ok(attempt < 400, `credit did not profile all ${COUNT} enterprises: ${JSON.stringify(listed).slice(0, 300)}`);
    await sleep(50);
  }
});

after(async () => {
  await gateway?.stop();
  await agencies?.stop();
  await Promise.all(simulators.map((simulator) => simulator.stop()));
  await credit?.stop();
  await access?.stop();
  await registry?.stop();
  await database?.drop();
});

test('listing enterprises with their filing, qualifications, history and credit costs the same SQL for 5 as for 50', async (t) => {
  await statementsFor(LIST, { first: COUNT }); // first use: prepared plans, metadata
  const few = await statementsFor(LIST, { first: 5 });
  const many = await statementsFor(LIST, { first: COUNT });
  assert.equal(few.response.errors, undefined, JSON.stringify(few.response.errors));
  assert.equal(many.response.errors, undefined, JSON.stringify(many.response.errors));
  assert.equal(few.response.data?.enterprises.edges.length, 5);
  assert.equal(many.response.data?.enterprises.edges.length, COUNT);
  t.diagnostic(`statements for 5 enterprises: ${few.sql.length}, for ${COUNT}: ${many.sql.length} (${many.sql.map((sql) => sql.split(':')[0]).join(', ')})`);
  assert.ok(few.sql.length > 0, 'no SQL was counted: the query loggers or request scopes are not wired');
  assert.equal(many.sql.length, few.sql.length,
    `50 enterprises cost ${many.sql.length} statements, 5 cost ${few.sql.length}: an N+1 crept in.\n5:\n  ${few.sql.join('\n  ')}\n50:\n  ${many.sql.join('\n  ')}`);
  assert.ok(many.sql.length <= 12, `one list request ran ${many.sql.length} statements:\n  ${many.sql.join('\n  ')}`);
});

test('reading one enterprise by USCC across registry and credit is a constant handful of statements', async (t) => {
  const one = await statementsFor(`query($u: ID!) { enterprise(uscc: $u) { name region roles filing { status } credit { grade } } }`, { u: uscc(7) });
  assert.equal(one.response.errors, undefined, JSON.stringify(one.response.errors));
  t.diagnostic(`statements for one enterprise: ${one.sql.length}`);
  assert.ok(one.sql.length > 0 && one.sql.length <= 8, `one enterprise cost ${one.sql.length} statements:\n  ${one.sql.join('\n  ')}`);
});
