import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { readGatewayConfig, startGateway } from '@sw/gateway';
import {
  busSubscription, createLogger, createSql, cursorOf, DEV_IDENTITY_SIGNING_KEYS, IdentitySigner, serveSubgraph,
  type BusEvent, type RunningServer,
} from '@sw/kernel';
import { parse } from 'graphql';

/**
 * The processes of `npm run bench:subscriptions`, forked by subscriptions.ts:
 * `subgraphs` serves three subgraphs shaped like clearance, registry and credit (the stream
 * from the real bus through the kernel's busSubscription, the rest from memory), and `gateway`
 * runs our gateway on the supergraph they compose. Each reports `{ ready }` over IPC.
 */
export const STATUS_CHANGED = 'clearance.declaration.status-changed';

const clearance = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query { declaration(id: ID!): Declaration }
  input ClearanceFilter { declaration: ID enterprise: ID }
  type Subscription { clearanceStatusChanged(filter: ClearanceFilter, after: String): ClearanceEvent! }
  type ClearanceEvent { cursor: String! from: String to: String! at: Float! declaration: Declaration! }
  type Declaration @key(fields: "id") { id: ID! status: String! enterprise: Enterprise! }
  type Enterprise @key(fields: "uscc", resolvable: false) { uscc: ID! }`);

const registry = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query { enterprise(uscc: ID!): Enterprise }
  type Enterprise @key(fields: "uscc") { uscc: ID! name: String! }`);

const credit = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query { creditGrades: [String!]! }
  type Enterprise @key(fields: "uscc") { uscc: ID! credit: Credit! }
  type Credit { grade: String! }`);

/** What `filter.enterprise` selects on, so the bus reader hands each stream only its enterprise's events. */
const enterpriseOf = (event: BusEvent) => String(event.data.enterprise);

const GRADES = ['ADVANCED_CERTIFIED', 'CERTIFIED', 'REGULAR', 'DISHONEST', 'SERIOUSLY_DISHONEST'];

async function subgraphs(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL!;
  const logger = createLogger('bench-subgraphs', 'warn');
  const trust = { signer: new IdentitySigner(DEV_IDENTITY_SIGNING_KEYS), allowDirectCalls: false };
  const sql = createSql(databaseUrl, 10);
  const servers: RunningServer[] = [];
  const serve = async (name: string, schema: ReturnType<typeof buildSubgraphSchema>) => {
    const server = await serveSubgraph({ name, port: 0, logger, trust, schema });
    servers.push(server);
    return server;
  };
  const clearanceServer = await serve('clearance', buildSubgraphSchema({
    typeDefs: clearance,
    resolvers: {
      Subscription: {
        clearanceStatusChanged: {
          subscribe: (_: unknown, { filter, after }: { filter?: { enterprise?: string; declaration?: string } | null; after?: string | null }) =>
            busSubscription({
              sql,
              types: [STATUS_CHANGED],
              after,
              key: filter?.enterprise ? { of: enterpriseOf, value: filter.enterprise } : undefined,
              filter: filter?.declaration ? (event) => event.data.declarationId === filter.declaration : undefined,
              logger,
            }),
          resolve: (event: BusEvent) => ({
            cursor: cursorOf(event),
            from: event.data.from,
            to: event.data.to,
            at: event.data.at,
            declaration: { id: event.data.declarationId, status: event.data.to, enterprise: { uscc: event.data.enterprise } },
          }),
        },
      },
    } as never,
  }));
  const registryServer = await serve('registry', buildSubgraphSchema({
    typeDefs: registry,
    resolvers: { Enterprise: { __resolveReference: ({ uscc }: { uscc: string }) => ({ uscc, name: `Enterprise ${uscc}` }) } } as never,
  }));
  const creditServer = await serve('credit', buildSubgraphSchema({
    typeDefs: credit,
    resolvers: {
      Enterprise: { __resolveReference: ({ uscc }: { uscc: string }) => ({ uscc, credit: { grade: GRADES[uscc.length % GRADES.length] } }) },
    } as never,
  }));
  const composed = composeServices([
    { name: 'clearance', url: clearanceServer.url, typeDefs: clearance },
    { name: 'registry', url: registryServer.url, typeDefs: registry },
    { name: 'credit', url: creditServer.url, typeDefs: credit },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((error) => error.message).join('; '));
  const path = join(process.env.BENCH_DIR!, 'supergraph.graphql');
  writeFileSync(path, composed.supergraphSdl!);
  process.on('SIGTERM', async () => {
    for (const server of servers) await server.stop().catch(() => {});
    await sql.end({ timeout: 2 });
    process.exit(0);
  });
  process.send!({ ready: { supergraphPath: path } });
}

async function gateway(): Promise<void> {
  const logger = createLogger('bench-gateway', process.env.LOG_LEVEL ?? 'warn');
  // Each enterprise's dashboards share its token: the per-caller rate limit would count their subscribes.
  const running = await startGateway(readGatewayConfig({ ...process.env, PORT: '0', RATE_LIMIT_POINTS: '0' }), logger);
  process.on('message', (message: { stats?: boolean }) => {
    if (!message.stats) return;
    const memory = process.memoryUsage();
    process.send!({ stats: { ...running.subscriptions.stats(), rssMb: memory.rss / 2 ** 20, heapMb: memory.heapUsed / 2 ** 20 } });
  });
  process.on('SIGTERM', async () => {
    await running.stop().catch(() => {});
    process.exit(0);
  });
  process.send!({ ready: { url: running.url } });
}

if (require.main === module) {
  const role = process.argv[2];
  (role === 'subgraphs' ? subgraphs() : role === 'gateway' ? gateway() : Promise.reject(new Error(`unknown role ${role}`))).catch((error) => {
    process.send?.({ error: (error as Error).message });
    console.error(error);
    process.exit(1);
  });
}
