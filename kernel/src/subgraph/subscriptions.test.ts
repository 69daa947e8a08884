import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { IDENTITY_HEADER, type RequestContext } from '../context';
import { DEV_IDENTITY_SIGNING_KEYS, IdentitySigner } from '../identity';
import { createLogger } from '../logger';
import { serveSubgraph, type RunningServer } from './serve';

const signer = new IdentitySigner(DEV_IDENTITY_SIGNING_KEYS);
const silent = createLogger('subscriptions-test', 'silent');
const servers: RunningServer[] = [];
const clients: Client[] = [];

after(async () => {
  for (const client of clients) await client.dispose();
  for (const server of servers) await server.stop();
});

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query { ping: String }
  type Subscription { ticks(count: Int!): Tick! }
  type Tick { n: Int! caller: String loaders: Int! }`);

/** Each event reports who the subscriber is and which loaders (by number) resolved it. */
function schema() {
  const loaders = new WeakMap<object, number>();
  let seen = 0;
  return buildSubgraphSchema({
    typeDefs,
    resolvers: {
      Query: { ping: () => 'pong' },
      Subscription: {
        ticks: {
          subscribe: async function* (_: unknown, { count }: { count: number }) {
            for (let n = 1; n <= count; n++) yield { n };
          },
          resolve: (payload: { n: number }, _: unknown, context: RequestContext) => {
            if (!loaders.has(context.loaders)) loaders.set(context.loaders, ++seen);
            return { n: payload.n, caller: context.identity?.subject ?? null, loaders: loaders.get(context.loaders) };
          },
        },
      },
    } as never,
  });
}

async function serve(allowDirectCalls: boolean): Promise<RunningServer> {
  const server = await serveSubgraph({ name: 'ticks', port: 0, logger: silent, trust: { signer, allowDirectCalls }, schema: schema() });
  servers.push(server);
  return server;
}

function connect(server: RunningServer, params: Record<string, string>): Client {
  const client = createClient({ url: server.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: params, retryAttempts: 0, lazy: true });
  clients.push(client);
  return client;
}

async function all(client: Client, query: string): Promise<any[]> {
  const results: any[] = [];
  for await (const result of client.iterate({ query })) results.push(result);
  return results;
}

test('a subscription signed by the gateway in connection_init runs as that caller, each event with its own loaders', async () => {
  const server = await serve(false);
  const caller = { subject: 'key:dashboard', role: 'ENTERPRISE' as const, uscc: '91350100M000100Y43', scopes: [] };
  const results = await all(connect(server, { [IDENTITY_HEADER]: signer.sign(caller) }), 'subscription { ticks(count: 3) { n caller loaders } }');
  assert.deepEqual(results.map((result) => result.data.ticks.n), [1, 2, 3]);
  assert.deepEqual(results.map((result) => result.data.ticks.caller), ['key:dashboard', 'key:dashboard', 'key:dashboard']);
  assert.equal(new Set(results.map((result) => result.data.ticks.loaders)).size, 3, 'two events shared their loaders');
});

test('a connection without a valid gateway signature is closed with 4403, unless direct calls are allowed', async () => {
  const strict = await serve(false);
  await assert.rejects(all(connect(strict, {}), 'subscription { ticks(count: 1) { n } }'), (closed: { code: number }) => closed.code === 4403);
  await assert.rejects(all(connect(strict, { [IDENTITY_HEADER]: 'forged.dev1.signature' }), 'subscription { ticks(count: 1) { n } }'), (closed: { code: number }) => closed.code === 4403);
  const relaxed = await serve(true);
  const results = await all(connect(relaxed, {}), 'subscription { ticks(count: 1) { n caller } }');
  assert.deepEqual(results.map((result) => result.data.ticks), [{ n: 1, caller: null }]);
});

test('queries run over the same socket with the same schema', async () => {
  const server = await serve(false);
  const results = await all(connect(server, { [IDENTITY_HEADER]: signer.sign(null) }), '{ ping }');
  assert.deepEqual(results, [{ data: { ping: 'pong' } }]);
});

test('stopping the subgraph tells subscribers to go away (1001), so they can reconnect', async () => {
  const server = await serveSubgraph({
    name: 'forever', port: 0, logger: silent, trust: { signer, allowDirectCalls: false },
    schema: buildSubgraphSchema({
      typeDefs: parse(`type Query { ping: String } type Subscription { waits: Int! }`),
      resolvers: { Subscription: { waits: { subscribe: async function* () { await new Promise(() => {}); yield 0; } } } } as never,
    }),
  });
  const closed = new Promise<number>((resolve) => {
    const client = createClient({
      url: server.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0,
      connectionParams: { [IDENTITY_HEADER]: signer.sign(null) },
      on: { closed: (event) => resolve((event as { code: number }).code), connected: () => void server.stop() },
    });
    clients.push(client);
    client.subscribe({ query: 'subscription { waits }' }, { next: () => {}, error: () => {}, complete: () => {} });
  });
  assert.equal(await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5000, 'timeout'))]), 1001);
});
