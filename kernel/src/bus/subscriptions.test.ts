import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import { busMigrations } from '@sw/migrations';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createDataSource, createSql, type Sql } from '../db/database';
import { runMigrations } from '../db/migrate';
import { publish } from './publish';
import { busSubscription, cursorOf, parseCursor } from './subscriptions';
import type { BusEvent, NewEvent } from './event';

let db: TestDatabase;
let ds: DataSource;
let sql: Sql;
const clients: Sql[] = [];

before(async () => {
  db = await createTestDatabase();
  await runMigrations(db.url, [busMigrations]);
  sql = client();
  ds = createDataSource({ url: db.url, schema: 'public', entities: [] });
  await ds.initialize();
});

after(async () => {
  await ds?.destroy();
  for (const each of clients) await each.end({ timeout: 5 });
  await db?.drop();
});

function client(): Sql {
  const created = createSql(db.url, 5);
  clients.push(created);
  return created;
}

let counter = 0;
const unique = (label: string) => `${label}-${++counter}`;

function filed(subject: string): NewEvent {
  return { type: 'registry.person.filed', subject, actor: 'test', data: { personId: subject, region: '410100' } };
}

function revealed(subject: string): NewEvent {
  return { type: 'registry.pii.revealed', subject, actor: 'test', data: { subjectType: 'person', subjectId: subject, fields: ['name'] } };
}

const publishCommitted = (event: NewEvent) => ds.transaction((manager) => publish(manager, event));

/** `promise`, or a failure after `ms`. */
function within<T>(promise: Promise<T>, ms = 10_000): Promise<T> {
  return Promise.race([promise, sleep(ms).then(() => assert.fail(`nothing within ${ms} ms`))]);
}

/** Reads a stream in the background, as graphql-ws does, keeping what arrives. */
class Collector {
  readonly events: BusEvent[] = [];
  private readonly reading: Promise<void>;

  constructor(readonly stream: AsyncIterableIterator<BusEvent>) {
    this.reading = (async () => {
      for await (const event of stream) this.events.push(event);
    })();
  }

  /** Waits (bounded) until `count` events arrived after `from`; fails naming how many did. */
  async received(count: number, from = 0, timeoutMs = 15_000): Promise<BusEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length - from < count) {
      if (Date.now() > deadline) assert.fail(`received ${this.events.length - from} of ${count} events within ${timeoutMs} ms`);
      await sleep(10);
    }
    return this.events.slice(from, from + count);
  }

  async close(): Promise<void> {
    await this.stream.return!();
    await this.reading;
  }
}

/**
 * Publishes probes until every collector streams live, then one marker, and waits for the
 * marker everywhere: what is published after this is certain to be delivered. Returns where
 * each collector's events after the marker start.
 */
async function live(...collectors: Collector[]): Promise<number[]> {
  const deadline = Date.now() + 15_000;
  const before = collectors.map((collector) => collector.events.length);
  while (collectors.some((collector, i) => collector.events.length === before[i])) {
    if (Date.now() > deadline) assert.fail('the subscriptions never went live');
    await publishCommitted(filed(unique('probe')));
    await sleep(50);
  }
  const marker = await publishCommitted(filed(unique('marker')));
  const starts: number[] = [];
  for (const collector of collectors) {
    while (!collector.events.some((event) => event.id === marker.id)) {
      if (Date.now() > deadline) assert.fail('the marker never arrived');
      await sleep(10);
    }
    starts.push(collector.events.findIndex((event) => event.id === marker.id) + 1);
  }
  return starts;
}

const subjects = (events: BusEvent[]) => events.map((event) => event.subject);

interface HeldTransaction {
  manager: EntityManager;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

async function holdTransaction(): Promise<HeldTransaction> {
  let decide!: (commit: boolean) => void;
  const decision = new Promise<boolean>((resolve) => (decide = resolve));
  let opened!: (manager: EntityManager) => void;
  const ready = new Promise<EntityManager>((resolve) => (opened = resolve));
  const rollback = new Error('deliberate rollback');
  const done = ds.transaction(async (manager) => {
    opened(manager);
    if (!(await decision)) throw rollback;
  });
  done.catch(() => {});
  const manager = await ready;
  return {
    manager,
    commit: async () => {
      decide(true);
      await done;
    },
    rollback: async () => {
      decide(false);
      await done.catch(() => {});
    },
  };
}

test('a cursor is the seq; a malformed after is BAD_USER_INPUT naming the field, before anything runs', () => {
  assert.equal(cursorOf({ seq: 42n }), '42');
  assert.equal(parseCursor('42'), 42n);
  assert.equal(parseCursor(null), undefined);
  assert.throws(() => busSubscription({ sql, after: 'abc' }), (error: any) =>
    error.extensions?.code === 'BAD_USER_INPUT' && error.extensions?.field === 'after' && /digits only/.test(error.message));
});

test('without a cursor only events published after subscribing arrive, in seq order', async () => {
  const before = await publishCommitted(filed(unique('before')));
  const events = new Collector(busSubscription({ sql }));
  try {
    const [from] = await live(events);
    assert.ok(!events.events.some((event) => event.id === before.id), 'an event published before subscribing arrived');
    const published = [];
    for (let i = 0; i < 3; i++) published.push(await publishCommitted(filed(unique('live'))));
    const received = await events.received(3, from);
    assert.deepEqual(received.map((event) => event.seq), published.map((event) => event.seq));
    assert.equal(received[0]!.type, 'registry.person.filed');
    assert.deepEqual(received[0]!.data, published[0]!.data);
  } finally {
    await events.close();
  }
});

test('after a cursor, missed events are replayed in order, then live ones follow with no duplicate and no gap at the switch', async () => {
  const first = await publishCommitted(filed(unique('missed')));
  const missed = [first];
  // More than one replay batch (500), so the switch happens while the log is still growing.
  await ds.transaction(async (manager) => {
    for (let i = 0; i < 1200; i++) missed.push(await publish(manager, filed(unique('missed'))));
  });
  const events = new Collector(busSubscription({ sql, after: cursorOf(first) }));
  // Publishing goes on while the subscriber replays.
  const live: Promise<BusEvent>[] = [];
  const publishing = (async () => {
    for (let i = 0; i < 60; i++) {
      live.push(publishCommitted(filed(unique('during'))));
      await sleep(2);
    }
  })();
  try {
    const expected = missed.length - 1 + 60;
    const received = await events.received(expected, 0, 30_000);
    await publishing;
    // Concurrent commits take seqs in any order; the subscriber delivers in seq order.
    const during = (await Promise.all(live)).map((event) => event.seq).sort((a, b) => (a < b ? -1 : 1));
    const wanted = [...missed.slice(1).map((event) => event.seq), ...during];
    assert.deepEqual(received.map((event) => event.seq), wanted);
    await sleep(300);
    assert.equal(events.events.length, expected, 'more events than were published');
  } finally {
    await events.close();
  }
});

test('a seq still in flight holds back a later one that committed first, for a live subscriber', async () => {
  const events = new Collector(busSubscription({ sql }));
  try {
    const [from] = await live(events);
    const slow = await holdTransaction();
    const a = await publish(slow.manager, filed(unique('slow')));
    const b = await publishCommitted(filed(unique('fast')));
    assert.ok(b.seq > a.seq);
    await sleep(500);
    assert.equal(events.events.length, from, 'delivered past an in-flight seq');
    await slow.commit();
    const received = await events.received(2, from);
    assert.deepEqual(received.map((event) => event.seq), [a.seq, b.seq]);
  } finally {
    await events.close();
  }
});

test('a rolled-back seq is skipped once its transaction is over, and the stream goes on', async () => {
  const events = new Collector(busSubscription({ sql }));
  try {
    const [from] = await live(events);
    const doomed = await holdTransaction();
    await publish(doomed.manager, filed(unique('lost')));
    const kept = await publishCommitted(filed(unique('kept')));
    await doomed.rollback();
    assert.deepEqual(subjects(await events.received(1, from)), [kept.subject]);
  } finally {
    await events.close();
  }
});

test('types and filter select events; a resume after a filtered stream skips what it passed', async () => {
  const start = await publishCommitted(filed(unique('start')));
  const target = unique('target');
  const events = new Collector(busSubscription({ sql, types: ['registry.pii.revealed'], filter: (event) => event.subject === target, after: cursorOf(start) }));
  try {
    await publishCommitted(filed(target));
    await publishCommitted(revealed(unique('other')));
    const wanted = await publishCommitted(revealed(target));
    const later = await publishCommitted(revealed(target));
    assert.deepEqual((await events.received(2)).map((event) => event.id), [wanted.id, later.id]);
    await sleep(200);
    assert.equal(events.events.length, 2);
  } finally {
    await events.close();
  }
});

test('every subscription on one client shares one LISTEN, and the last to leave ends it', async () => {
  const own = client();
  const listen = own.listen.bind(own);
  let listens = 0;
  let unlistens = 0;
  own.listen = (async (...args: Parameters<Sql['listen']>) => {
    listens++;
    const listener = await listen(...args);
    return { ...listener, unlisten: async () => { unlistens++; await listener.unlisten(); } };
  }) as Sql['listen'];
  const subscribers = [1, 2, 3].map(() => new Collector(busSubscription({ sql: own })));
  try {
    const starts = await live(...subscribers);
    const published = await publishCommitted(filed(unique('shared')));
    for (const [i, events] of subscribers.entries()) assert.deepEqual((await events.received(1, starts[i])).map((event) => event.id), [published.id]);
    assert.equal(listens, 1);
  } finally {
    for (const events of subscribers) await events.close();
  }
  for (let i = 0; i < 50 && unlistens === 0; i++) await sleep(20);
  assert.equal(unlistens, 1);
});

test('two replicas (two clients) each deliver every event to their own subscribers exactly once', async () => {
  const replicas = [client(), client()];
  const subscribers = replicas.map((replica) => new Collector(busSubscription({ sql: replica })));
  try {
    const starts = await live(...subscribers);
    const published: BusEvent[] = [];
    for (let i = 0; i < 20; i++) published.push(await publishCommitted(filed(unique('replicated'))));
    for (const [i, events] of subscribers.entries()) {
      const received = await events.received(20, starts[i]);
      assert.deepEqual(received.map((event) => event.id), published.map((event) => event.id));
    }
    await sleep(300);
    for (const [i, events] of subscribers.entries()) assert.equal(events.events.length - starts[i]!, 20, 'an event was delivered twice');
  } finally {
    for (const events of subscribers) await events.close();
  }
});

test('a subscriber that stops reading is not fed past its bound; it reads the log again and misses nothing', async () => {
  const start = await publishCommitted(filed(unique('start')));
  const events = busSubscription({ sql, maxBuffered: 5, after: cursorOf(start) });
  try {
    // The first event puts the subscriber on the live feed; then it stops reading.
    const first = await publishCommitted(filed(unique('first')));
    assert.equal((await within(events.next())).value?.id, first.id);
    const published: BusEvent[] = [];
    for (let i = 0; i < 40; i++) published.push(await publishCommitted(filed(unique('burst'))));
    await sleep(500);
    const held = events as unknown as { buffer: unknown[]; head: number };
    assert.ok(held.buffer.length - held.head <= 5, `held ${held.buffer.length - held.head} events for a subscriber that does not read`);
    const received: BusEvent[] = [];
    for (let i = 0; i < 40; i++) received.push((await within(events.next())).value as BusEvent);
    assert.deepEqual(received.map((event) => event.seq), published.map((event) => event.seq));
    const more = await publishCommitted(filed(unique('after-burst')));
    assert.equal((await within(events.next())).value?.id, more.id);
  } finally {
    await events.return!();
  }
});

test('while no event comes, nextOrIdle reports where a resumed stream would start, past what it filtered out', async () => {
  const start = await publishCommitted(filed(unique('start')));
  const target = unique('target');
  const events = busSubscription({ sql, after: cursorOf(start), filter: (event) => event.subject === target });
  try {
    assert.deepEqual(await within(events.nextOrIdle(200)), { idle: cursorOf(start) });
    const other = await publishCommitted(filed(unique('other')));
    let idle = await within(events.nextOrIdle(200));
    for (let i = 0; i < 50 && 'idle' in idle && idle.idle !== cursorOf(other); i++) idle = await within(events.nextOrIdle(50));
    assert.deepEqual(idle, { idle: cursorOf(other) });
    const wanted = await publishCommitted(filed(target));
    const next = await within(events.nextOrIdle(5000));
    assert.ok(!('idle' in next) && next.value.id === wanted.id);
    assert.deepEqual(await within(events.nextOrIdle(100)), { idle: cursorOf(wanted) });
  } finally {
    await events.return!();
  }
});

/** One key function for every keyed subscription, as a subgraph would define it once. */
const subjectOf = (event: BusEvent) => event.subject;

test('a keyed subscription is handed only the events of its key, and its idle cursor still moves past the others', async () => {
  const start = await publishCommitted(filed(unique('start')));
  const [a, b] = [unique('key-a'), unique('key-b')];
  const onlyA = busSubscription({ sql, after: cursorOf(start), key: { of: subjectOf, value: a } });
  const onlyB = new Collector(busSubscription({ sql, after: cursorOf(start), key: { of: subjectOf, value: b } }));
  try {
    const published = [await publishCommitted(filed(a)), await publishCommitted(filed(b)), await publishCommitted(filed(unique('other'))), await publishCommitted(filed(a))];
    const received = [(await within(onlyA.next())).value, (await within(onlyA.next())).value] as BusEvent[];
    assert.deepEqual(received.map((event) => event.id), [published[0]!.id, published[3]!.id]);
    assert.deepEqual((await onlyB.received(1)).map((event) => event.id), [published[1]!.id]);
    const other = await publishCommitted(filed(unique('other')));
    let idle = await within(onlyA.nextOrIdle(100));
    for (let i = 0; i < 50 && 'idle' in idle && idle.idle !== cursorOf(other); i++) idle = await within(onlyA.nextOrIdle(50));
    assert.deepEqual(idle, { idle: cursorOf(other) });
    await sleep(200);
    assert.equal(onlyB.events.length, 1);
  } finally {
    await onlyA.return!();
    await onlyB.close();
  }
});

test('return() ends a stream that is waiting', async () => {
  const events = busSubscription({ sql });
  const waiting = events.next();
  await sleep(100);
  await events.return!();
  assert.deepEqual(await waiting, { value: undefined, done: true });
});
