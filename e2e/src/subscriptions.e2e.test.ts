import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SLOW_CLIENT_CLOSE_CODE } from '@sw/gateway';
import WebSocket from 'ws';
import { ADMIN_KEY, Dashboard, startOrders, until, type OrdersFixture, type Received } from './orders';

/**
 * Federated subscriptions through the gateway, with real graphql-ws clients, real subgraphs on
 * loopback and the real bus: each event resolved across subgraphs, streams shared and resumed.
 */
let orders: OrdersFixture;
const dashboards: Dashboard[] = [];
const asAdmin = `Bearer ${ADMIN_KEY}`;

before(async () => {
  orders = await startOrders();
});

after(async () => {
  for (const dashboard of dashboards) await dashboard.close().catch(() => {});
  await orders?.stop();
});

const FULL = `subscription($shop: ID) { orderChanged(shop: $shop) { cursor order { id status shop { id name } total } } }`;

function dashboard(query: string, variables: Record<string, unknown> = {}, authorization: string | null = asAdmin, url = orders.gateway.url): Dashboard {
  const opened = new Dashboard(url, query, variables, authorization ?? undefined);
  dashboards.push(opened);
  return opened;
}

let serial = 0;
const orderId = (shop: string, label: string) => `${shop}-${label}-${++serial}`;

/**
 * Publishes to `shop` until every dashboard streams live, then waits for one last marker to
 * reach them all and forgets what they got: later events are then certain to be delivered.
 */
async function prime(shop: string, ...ready: Dashboard[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!ready.every((each) => each.results.length > 0)) {
    if (Date.now() > deadline) throw new Error('the dashboards never went live');
    await orders.publish({ orderId: orderId(shop, 'warm-up'), status: 'WARMING', shop });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const marker = orderId(shop, 'marker');
  await orders.publish({ orderId: marker, status: 'MARKER', shop });
  for (const each of ready) await until(() => each.results.some((result) => result.data?.orderChanged?.order?.id === marker), 10_000, 'the marker');
  for (const each of ready) each.results.length = 0;
}

const ids = (results: Received[]) => results.map((result) => result.data?.orderChanged?.order?.id);

test('each event arrives with the fields of both subgraphs resolved', async () => {
  const live = dashboard(FULL, { shop: 's1' });
  await prime('s1', live);
  const id = orderId('s1', 'order');
  const cursor = await orders.publish({ orderId: id, status: 'DECLARED', shop: 's1' });
  const [result] = await live.received(1);
  assert.equal(result!.errors, undefined, JSON.stringify(result!.errors));
  assert.deepEqual(result!.data, {
    orderChanged: { cursor, order: { id, status: 'DECLARED', shop: { id: 's1', name: 'Shop s1' }, total: id.length * 100 } },
  });
  await live.close();
});

test('a filter argument reaches the subgraph: each dashboard gets its own shop only', async () => {
  const first = dashboard(FULL, { shop: 'f1' });
  const second = dashboard(FULL, { shop: 'f2' });
  await prime('f1', first);
  await prime('f2', second);
  const a = orderId('f1', 'a');
  const b = orderId('f2', 'b');
  const c = orderId('f1', 'c');
  for (const [id, shop] of [[a, 'f1'], [b, 'f2'], [c, 'f1']] as const) await orders.publish({ orderId: id, status: 'MATCHED', shop });
  assert.deepEqual(ids(await first.received(2)), [a, c]);
  assert.deepEqual(ids(await second.received(1)), [b]);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(first.results.length, 2);
  assert.equal(second.results.length, 1);
  await first.close();
  await second.close();
});

test('three clients with the same operation, variables and caller share one upstream; Rest runs once per event; the last to leave closes it', async () => {
  const before = { ...orders.counters };
  const clients = [dashboard(FULL, { shop: 'sh' }), dashboard(FULL, { shop: 'sh' }), dashboard(FULL, { shop: 'sh' })];
  await prime('sh', ...clients);
  assert.equal(orders.counters.subscriptions - before.subscriptions, 1, 'subscriptions opened on the subgraph');
  assert.equal(orders.counters.connections - before.connections, 1, 'graphql-ws connections to the subgraph');
  assert.deepEqual(orders.gateway.subscriptions.stats().groups, 1);
  const batches = orders.counters.entityBatches;
  const resolved = orders.gateway.subscriptions.stats().resolved;
  const published = [];
  for (let i = 0; i < 5; i++) {
    const id = orderId('sh', 'shared');
    published.push(id);
    await orders.publish({ orderId: id, status: 'SUBMITTED', shop: 'sh' });
  }
  const received = await Promise.all(clients.map((client) => client.received(5)));
  for (const results of received) assert.deepEqual(ids(results), published);
  assert.deepEqual(received[1], received[0]);
  assert.equal(orders.gateway.subscriptions.stats().resolved - resolved, 5, 'Rest executions for 5 events and 3 clients');
  const entityCalls = orders.counters.entityBatches - batches;
  assert.ok(entityCalls >= 1 && entityCalls <= 5, `${entityCalls} _entities calls for 5 events and 3 clients`);

  // Another caller with the very same operation never shares this stream.
  const enterprise = dashboard(FULL, { shop: 'sh' }, `Bearer ${await orders.token({ sub: 'ops@sh', role: 'ENTERPRISE', uscc: '91350100M000100Y43', scope: '' })}`);
  await prime('sh', enterprise);
  assert.equal(orders.gateway.subscriptions.stats().groups, 2);
  await enterprise.close();

  await clients[0]!.close();
  await clients[1]!.close();
  await until(() => orders.gateway.subscriptions.stats().clients === 1, 5000, 'two clients gone');
  assert.equal(orders.gateway.subscriptions.stats().groups, 1);
  await clients[2]!.close();
  await until(() => orders.gateway.subscriptions.stats().groups === 0, 5000, 'the shared stream closed');
});

test('a burst of events is resolved per event, in order, with entity fetches batched across the burst', async () => {
  const live = dashboard(`subscription { orderChanged { cursor order { id shop { id name } total } } }`);
  await prime('b0', live);
  const burst = Array.from({ length: 30 }, (_, i) => ({ orderId: orderId(`b${i % 3}`, 'burst'), status: 'SUBMITTED', shop: `b${i % 3}` }));
  const batches = orders.counters.entityBatches;
  orders.failTotals = false;
  const cursors = await orders.publishAll(burst);
  const results = await live.received(30, 15_000);
  assert.deepEqual(ids(results), burst.map((change) => change.orderId));
  for (const [i, result] of results.entries()) {
    assert.equal(result.errors, undefined);
    assert.equal(result.data.orderChanged.cursor, cursors[i]);
    assert.deepEqual(result.data.orderChanged.order.shop, { id: burst[i]!.shop, name: `Shop ${burst[i]!.shop}` });
    assert.equal(result.data.orderChanged.order.total, burst[i]!.orderId.length * 100);
  }
  assert.ok(orders.counters.entityBatches - batches < 30, `${orders.counters.entityBatches - batches} _entities calls for a burst of 30 events`);
  await live.close();
});

test('a dashboard that comes back with after: cursor gets what it missed, in order, then live events, with no duplicate', async () => {
  const first = dashboard(FULL, { shop: 'r1' });
  await prime('r1', first);
  const seen = [orderId('r1', 'seen'), orderId('r1', 'seen')];
  for (const id of seen) await orders.publish({ orderId: id, status: 'UNDER_REVIEW', shop: 'r1' });
  const results = await first.received(2);
  const cursor = results[1]!.data.orderChanged.cursor;
  await first.close();
  const missed = [orderId('r1', 'missed'), orderId('r1', 'missed'), orderId('r1', 'missed')];
  for (const id of missed) await orders.publish({ orderId: id, status: 'RELEASED', shop: 'r1' });
  const resumed = dashboard(`subscription($shop: ID, $after: String) { orderChanged(shop: $shop, after: $after) { cursor order { id shop { name } } } }`, { shop: 'r1', after: cursor });
  assert.deepEqual(ids(await resumed.received(3)), missed);
  const next = orderId('r1', 'live');
  await orders.publish({ orderId: next, status: 'CLEARED', shop: 'r1' });
  const all = await resumed.received(4);
  assert.deepEqual(ids(all), [...missed, next]);
  assert.equal(all[0]!.data.orderChanged.order.shop.name, 'Shop r1');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(resumed.results.length, 4, 'a duplicate arrived');
  await resumed.close();
});

test('a subgraph restart loses no event: the upstream reconnects and resumes after the last cursor', async () => {
  const shared = dashboard(FULL, { shop: 'rs' });
  await prime('rs', shared);
  const start = await orders.publish({ orderId: orderId('rs', 'start'), status: 'DECLARED', shop: 'rs' });
  await shared.received(1);
  shared.results.length = 0;
  // A resuming client (its own stream), with the cursor as a literal in the operation.
  const literal = dashboard(`subscription { orderChanged(shop: "rs", after: "${start}") { cursor order { id status } } }`);
  // A client whose stream has delivered nothing yet: the subgraph reports where it stands.
  const resumable = orders.gateway.subscriptions.stats().resumable;
  const silent = dashboard(FULL, { shop: 'rq' });
  await until(() => orders.gateway.subscriptions.stats().resumable >= resumable + 2, 10_000, 'the silent stream to report its cursor');
  const before = orders.counters.connections;
  const sent = [orderId('rs', 'before'), orderId('rs', 'before')];
  for (const id of sent) await orders.publish({ orderId: id, status: 'MATCHED', shop: 'rs' });
  await shared.received(2);
  await literal.received(2);
  const quietOnes = [orderId('rq', 'down'), orderId('rq', 'down')];
  await orders.restartTicks(async () => {
    for (const id of [orderId('rs', 'down'), orderId('rs', 'down')]) {
      sent.push(id);
      await orders.publish({ orderId: id, status: 'SUBMITTED', shop: 'rs' });
    }
    for (const id of quietOnes) await orders.publish({ orderId: id, status: 'SUBMITTED', shop: 'rq' });
  });
  const last = orderId('rs', 'after');
  sent.push(last);
  await orders.publish({ orderId: last, status: 'RELEASED', shop: 'rs' });
  assert.deepEqual(ids(await shared.received(5, 15_000)), sent);
  assert.deepEqual(ids(await literal.received(5, 15_000)), sent);
  assert.deepEqual(ids(await silent.received(2, 15_000)), quietOnes);
  assert.ok(orders.counters.connections - before >= 2, 'the upstreams did not reconnect');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(shared.results.length, 5, 'a duplicate arrived');
  assert.equal(literal.results.length, 5, 'a duplicate arrived');
  await shared.close();
  await literal.close();
  await silent.close();
});

test('an error in Rest gives that event partial data with the error; the stream goes on', async () => {
  const live = dashboard(FULL, { shop: 'e1' });
  await prime('e1', live);
  orders.failTotals = true;
  const broken = orderId('e1', 'broken');
  try {
    await orders.publish({ orderId: broken, status: 'INSPECTION', shop: 'e1' });
    const [result] = await live.received(1);
    assert.deepEqual(result!.data.orderChanged.order, { id: broken, status: 'INSPECTION', shop: { id: 'e1', name: 'Shop e1' }, total: null });
    assert.equal(result!.errors?.length, 1);
    assert.deepEqual(result!.errors![0]!.path, ['orderChanged', 'order', 'total']);
    assert.equal(result!.errors![0]!.extensions?.code, 'UPSTREAM_UNAVAILABLE');
  } finally {
    orders.failTotals = false;
  }
  const fine = orderId('e1', 'fine');
  await orders.publish({ orderId: fine, status: 'RELEASED', shop: 'e1' });
  const [, next] = await live.received(2);
  assert.equal(next!.errors, undefined);
  assert.equal(next!.data.orderChanged.order.total, fine.length * 100);
  await live.close();
});

test('auth directives apply as for queries: a field needing a scope is removed with FORBIDDEN on every event', async () => {
  const query = `subscription { orderChanged(shop: "a1") { cursor order { id secret } } }`;
  const enterprise = dashboard(query, {}, `Bearer ${await orders.token({ sub: 'ops@a1', role: 'ENTERPRISE', uscc: '91350100M000100Y43', scope: 'declarations:write' })}`);
  const regulator = dashboard(query);
  await prime('a1', enterprise, regulator);
  const id = orderId('a1', 'secret');
  await orders.publish({ orderId: id, status: 'DETAINED', shop: 'a1' });
  const [refused] = await enterprise.received(1);
  assert.deepEqual(refused!.data.orderChanged.order, { id });
  assert.equal(refused!.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  assert.deepEqual(refused!.errors?.[0]?.path, ['orderChanged', 'order', 'secret']);
  const [allowed] = await regulator.received(1);
  assert.equal(allowed!.errors, undefined);
  assert.equal(allowed!.data.orderChanged.order.secret, `secret of ${id}`);
  await enterprise.close();
  await regulator.close();
});

test('an anonymous subscription is UNAUTHENTICATED, and over HTTP a subscription is refused', async () => {
  const anonymous = dashboard(FULL, { shop: 'x' }, null);
  const [result] = await anonymous.received(1);
  assert.equal(result!.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
  await anonymous.ending();
  const response = await fetch(orders.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: asAdmin },
    body: JSON.stringify({ query: FULL, variables: { shop: 'x' } }),
  });
  const body = (await response.json()) as Received;
  assert.equal(body.errors?.[0]?.extensions?.code, 'BAD_REQUEST');
  await until(() => orders.gateway.subscriptions.stats().groups === 0, 5000, 'no stream left open');
});

test('query limits and rate limits apply to subscriptions, and a malformed cursor is BAD_USER_INPUT from the subgraph', async () => {
  const aliases = Array.from({ length: 16 }, (_, i) => `c${i}: cursor`).join(' ');
  const tooMany = dashboard(`subscription { orderChanged { ${aliases} } }`);
  const [limited] = await tooMany.received(1);
  assert.equal(limited!.errors?.[0]?.extensions?.code, 'QUERY_TOO_COMPLEX');
  assert.equal(limited!.errors?.[0]?.extensions?.limit, 'aliases');
  await tooMany.ending();

  const malformed = dashboard(`subscription { orderChanged(after: "yesterday") { cursor } }`);
  const [bad] = await malformed.received(1);
  assert.equal(bad!.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  await malformed.ending();

  const strict = await orders.gatewayWith({ RATE_LIMIT_POINTS: '1' });
  const first = dashboard(FULL, { shop: 'rl' }, asAdmin, strict.url);
  await prime('rl', first);
  const second = dashboard(FULL, { shop: 'rl' }, asAdmin, strict.url);
  const [refused] = await second.received(1);
  assert.equal(refused!.errors?.[0]?.extensions?.code, 'RATE_LIMITED');
  await second.ending();
  await first.close();
});

test(`a client that does not read its socket is dropped with ${SLOW_CLIENT_CLOSE_CODE} at the queue bound; the others sharing its stream go on`, async () => {
  const gateway = await orders.gatewayWith({ SUBSCRIPTION_CLIENT_QUEUE: '4' });
  const query = `subscription { orderChanged(shop: "slow") { cursor order { id padding(size: 100000) } } }`;
  const fast = dashboard(query, {}, asAdmin, gateway.url);
  const slow = new RawSubscriber(gateway.url, query, asAdmin);
  try {
    await slow.opened;
    await until(() => gateway.subscriptions.stats().clients === 2, 5000, 'both clients subscribed');
    const deadline = Date.now() + 15_000;
    while (fast.results.length === 0 || slow.messages === 0) {
      if (Date.now() > deadline) throw new Error('the clients never went live');
      await orders.publish({ orderId: orderId('slow', 'warm-up'), status: 'WARMING', shop: 'slow' });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const already = fast.results.length;
    slow.stopReading();
    // 100 kB each: far more than the socket buffers hold, so the gateway's queue must fill.
    const burst = 300;
    for (let i = 0; i < burst; i++) await orders.publish({ orderId: orderId('slow', 'burst'), status: 'SUBMITTED', shop: 'slow' });
    await until(() => gateway.subscriptions.stats().clients === 1, 20_000, 'the slow client dropped');
    slow.resumeReading();
    const closed = await slow.closed;
    assert.equal(closed.code, SLOW_CLIENT_CLOSE_CODE);
    assert.match(closed.reason, /too slow: 4 messages waiting/);
    const received = await fast.received(already + burst, 30_000);
    assert.equal(received.length, already + burst);
    assert.equal(gateway.subscriptions.stats().groups, 1);
  } finally {
    slow.terminate();
    await fast.close();
  }
});

/** A graphql-ws client written by hand, so the test can stop reading its socket. */
class RawSubscriber {
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  messages = 0;
  private readonly socket: WebSocket;

  constructor(url: string, query: string, authorization: string) {
    this.socket = new WebSocket(url.replace('http', 'ws'), 'graphql-transport-ws');
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('error', reject);
      this.socket.on('message', (data) => {
        const message = JSON.parse(String(data));
        if (message.type === 'connection_ack') {
          this.socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
          resolve();
        }
        if (message.type === 'next') this.messages++;
      });
      this.socket.once('open', () => this.socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } })));
    });
    this.closed = new Promise((resolve) => this.socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  stopReading(): void {
    (this.socket as unknown as { _socket: import('node:net').Socket })._socket.pause();
  }

  resumeReading(): void {
    (this.socket as unknown as { _socket: import('node:net').Socket })._socket.resume();
  }

  terminate(): void {
    this.socket.terminate();
  }
}
