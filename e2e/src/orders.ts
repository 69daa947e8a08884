import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { readGatewayConfig, startGateway, type RunningGateway } from '@sw/gateway';
import {
  busSubscription, createLogger, createSql, createTestDatabase, cursorOf, DEV_IDENTITY_SIGNING_KEYS, IdentitySigner, runMigrations, serveSubgraph,
  type BusEvent, type EventType, type Sql, type TestDatabase,
} from '@sw/kernel';
import { busMigrations } from '@sw/migrations';
import { GraphQLError, parse } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import WebSocket from 'ws';

/**
 * Two small subgraphs for the federated-subscription tests, on real loopback HTTP and a real
 * bus: `ticks` streams `orderChanged` from bus events (the kernel's busSubscription) and owns
 * `Order.status`; `shops` extends `Order` with its shop and total, so every event needs an
 * `_entities` fetch (`Rest`).
 */
export const ADMIN_KEY = 'e2e-subscriptions-admin-key-0123';
const ISSUER = 'https://idp.orders.test';
const AUDIENCE = 'orders-gateway';
export const ORDER_CHANGED = 'test.order.changed' as EventType;

const ticksTypeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query { ticksVersion: String }
  type Subscription { orderChanged(after: String, shop: ID): OrderEvent! }
  type OrderEvent { cursor: String! at: String! order: Order! }
  type Order @key(fields: "id") { id: ID! status: String! padding(size: Int!): String! }`);

const shopsTypeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@requiresScopes"])
  type Query { shop(id: ID!): Shop }
  type Order @key(fields: "id") { id: ID! shop: Shop total: Int secret: String @requiresScopes(scopes: [["orders:secret"]]) }
  type Shop @key(fields: "id") { id: ID! name: String! }`);

export interface OrderChange {
  orderId: string;
  status: string;
  shop: string;
}

/** What the test subgraphs saw, to tell shared streams from per-client ones. */
export interface Counters {
  /** graphql-ws connections to `ticks`. */
  connections: number;
  /** `orderChanged` subscriptions started on `ticks`. */
  subscriptions: number;
  /** `_entities` batches resolved by `shops`. */
  entityBatches: number;
}

export interface OrdersFixture {
  gateway: RunningGateway;
  counters: Counters;
  /** When set, `Order.total` fails in `shops` (one field of Rest). */
  failTotals: boolean;
  publish(change: OrderChange): Promise<string>;
  /** Publishes several changes in one transaction (a burst that arrives together). */
  publishAll(changes: OrderChange[]): Promise<string[]>;
  /** Stops `ticks`, runs `whileDown`, and starts it again on the same port. */
  restartTicks(whileDown: () => Promise<void>): Promise<void>;
  /** Another gateway over the same subgraphs, with more environment. */
  gatewayWith(env: NodeJS.ProcessEnv): Promise<RunningGateway>;
  token(claims: Record<string, unknown>): Promise<string>;
  stop(): Promise<void>;
}

const silent = createLogger('e2e-subscriptions', 'silent');
const trust = { signer: new IdentitySigner(DEV_IDENTITY_SIGNING_KEYS), allowDirectCalls: false };

export async function startOrders(env: NodeJS.ProcessEnv = {}): Promise<OrdersFixture> {
  const database: TestDatabase = await createTestDatabase();
  await runMigrations(database.url, [busMigrations]);
  const sql: Sql = createSql(database.url, 5);
  const counters: Counters = { connections: 0, subscriptions: 0, entityBatches: 0 };
  const state = { failTotals: false };

  const ticksSchema = buildSubgraphSchema({
    typeDefs: ticksTypeDefs,
    resolvers: {
      Subscription: {
        orderChanged: {
          subscribe: (_: unknown, args: { after?: string | null; shop?: string | null }) => {
            counters.subscriptions++;
            const shop = args.shop;
            return busSubscription({ sql, types: [ORDER_CHANGED], after: args.after, key: shop ? { of: shopOfEvent, value: shop } : undefined });
          },
          resolve: (event: BusEvent) => ({
            cursor: cursorOf(event),
            at: event.data.at,
            order: { id: event.data.orderId, status: event.data.status },
          }),
        },
      },
      Order: {
        padding: (_: unknown, { size }: { size: number }) => 'x'.repeat(size),
      },
    } as never,
  });
  const shopsSchema = buildSubgraphSchema({
    typeDefs: shopsTypeDefs,
    resolvers: {
      Query: { shop: (_: unknown, { id }: { id: string }) => ({ id }) },
      Order: {
        __resolveReference: (order: { id: string }) => ({ id: order.id, shop: { id: shopOf(order.id) } }),
        total: (order: { id: string }) => {
          if (state.failTotals) throw new GraphQLError('totals are being recomputed; try again shortly', { extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
          return order.id.length * 100;
        },
        secret: (order: { id: string }) => `secret of ${order.id}`,
      },
      Shop: {
        __resolveReference: (shop: { id: string }) => ({ id: shop.id }),
        name: (shop: { id: string }) => `Shop ${shop.id}`,
      },
    } as never,
  });
  // `_entities` is resolved once per batch: count batches where the representations arrive.
  const entities = shopsSchema.getQueryType()!.getFields()._entities!;
  const resolveEntities = entities.resolve!;
  entities.resolve = (...args) => {
    counters.entityBatches++;
    return resolveEntities(...args);
  };

  const startTicks = async (port = 0) => {
    const server = await serveSubgraph({ name: 'ticks', port, logger: silent, trust, schema: ticksSchema });
    server.http.on('upgrade', () => counters.connections++);
    return server;
  };
  let ticks = await startTicks();
  const shops = await serveSubgraph({ name: 'shops', port: 0, logger: silent, trust, schema: shopsSchema });

  const composed = composeServices([
    { name: 'ticks', url: ticks.url, typeDefs: ticksTypeDefs },
    { name: 'shops', url: shops.url, typeDefs: shopsTypeDefs },
  ]);
  if (composed.errors) throw new Error(`composition failed: ${composed.errors.map((error) => error.message).join('; ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'sw-orders-'));
  writeFileSync(join(dir, 'supergraph.graphql'), composed.supergraphSdl!);
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] }));

  const gateways: RunningGateway[] = [];
  const gatewayWith = async (more: NodeJS.ProcessEnv) => {
    const gateway = await startGateway(readGatewayConfig({
      PORT: '0',
      SUPERGRAPH_PATH: join(dir, 'supergraph.graphql'),
      ADMIN_API_KEY: ADMIN_KEY,
      JWT_JWKS_PATH: join(dir, 'jwks.json'),
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      // Reconnect quickly in tests (the default backs off to 5 s).
      SUBSCRIPTION_RECONNECT_MAX_MS: '300',
      ...env,
      ...more,
    }), silent);
    gateways.push(gateway);
    return gateway;
  };
  const gateway = await gatewayWith({});

  return {
    gateway,
    counters,
    get failTotals() {
      return state.failTotals;
    },
    set failTotals(value: boolean) {
      state.failTotals = value;
    },
    publish: async (change) => (await publishChanges(sql, [change]))[0]!,
    publishAll: (changes) => publishChanges(sql, changes),
    async restartTicks(whileDown) {
      const port = ticks.port;
      await ticks.stop();
      await whileDown();
      ticks = await startTicks(port);
    },
    gatewayWith,
    token: (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('10m').sign(privateKey as CryptoKey),
    async stop() {
      for (const each of gateways) await each.stop();
      await ticks.stop();
      await shops.stop();
      await sql.end({ timeout: 5 });
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The key `orderChanged(shop:)` selects on: one function for every subscription. */
const shopOfEvent = (event: BusEvent) => String(event.data.shop);

/** Every order belongs to the shop named by its prefix: `s1-…` to shop s1. */
const shopOf = (orderId: string) => orderId.split('-')[0]!;

/** Publishes as the kernel does: transaction id first, then the seqs, then NOTIFY, in one transaction. */
async function publishChanges(sql: Sql, changes: OrderChange[]): Promise<string[]> {
  return sql.begin(async (tx) => {
    await tx`select pg_current_xact_id()`;
    const cursors: string[] = [];
    for (const change of changes) {
      const data = { ...change, at: new Date().toISOString() };
      const [row] = await tx`
        insert into bus.events (id, type, subject, actor, data)
        values (${randomUUID()}, ${ORDER_CHANGED}, ${change.orderId}, 'test', ${tx.json(data)})
        returning seq`;
      cursors.push(String(row!.seq));
    }
    await tx`select pg_notify('bus', ${cursors.at(-1)!})`;
    return cursors;
  }) as Promise<string[]>;
}

export interface Received {
  data?: any;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

/** A dashboard on the gateway: one graphql-ws subscription, its results collected as they come. */
export class Dashboard {
  readonly results: Received[] = [];
  ended = false;
  failure?: unknown;
  private readonly client: Client;
  private readonly dispose: () => void;
  private waiters: (() => void)[] = [];

  constructor(url: string, query: string, variables: Record<string, unknown> = {}, authorization?: string) {
    this.client = createClient({
      url: url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: authorization ? { authorization } : {},
      retryAttempts: 0,
    });
    this.dispose = this.client.subscribe({ query, variables }, {
      next: (result) => {
        this.results.push(result as Received);
        this.wake();
      },
      error: (error) => {
        this.failure = error;
        this.ended = true;
        this.wake();
      },
      complete: () => {
        this.ended = true;
        this.wake();
      },
    });
  }

  /** Waits (bounded) until `count` results arrived in all; fails naming what did. */
  async received(count: number, timeoutMs = 10_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.results.length < count && !this.ended && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (this.results.length < count) {
      throw new Error(`received ${this.results.length} of ${count} results within ${timeoutMs} ms${this.failure ? ` (failed: ${JSON.stringify(this.failure)})` : ''}: ${JSON.stringify(this.results)}`);
    }
    return this.results.slice(0, count);
  }

  /** Waits (bounded) for the subscription to end. */
  async ending(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    if (!this.ended) throw new Error(`the subscription did not end within ${timeoutMs} ms`);
  }

  async close(): Promise<void> {
    this.dispose();
    await this.client.dispose();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** Waits (bounded) until `condition` holds. */
export async function until(condition: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
