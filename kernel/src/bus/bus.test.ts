import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import { busMigrations, consumerTablesSql } from '@sw/migrations';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createDataSource, createSql, type Sql } from '../db/database';
import { runMigrations } from '../db/migrate';
import { publish } from './publish';
import { BusConsumer, type ConsumerOptions } from './consumer';
import type { EventType } from './catalogue';
import type { BusEvent, NewEvent } from './event';

let db: TestDatabase;
let ds: DataSource;
let sql: Sql;
const started: BusConsumer[] = [];

/** Advisory-lock key the `stalled` schema's trigger waits on, to pause a consumer mid-drain. */
const GATE_KEY = 4242;

before(async () => {
  db = await createTestDatabase();
  await runMigrations(db.url, [busMigrations]);
  sql = createSql(db.url, 10);
  for (const schema of ['t', 'stalled']) {
    await sql.unsafe(`create schema ${schema}`);
    for (const statement of consumerTablesSql(schema)) await sql.unsafe(statement);
  }
  // Every offset write in `stalled` waits (after taking its transaction id) while a test holds GATE_KEY.
  await sql.unsafe(`
    create function stalled.gate() returns trigger language plpgsql as $$
    begin perform pg_advisory_xact_lock_shared(${GATE_KEY}); return null; end $$`);
  await sql.unsafe(`
    create trigger gate after insert or update on stalled.consumer_offsets
    for each row execute function stalled.gate()`);
  await sql.unsafe(`create schema producer`);
  await sql.unsafe(`create table producer.things (id text primary key)`);
  ds = createDataSource({ url: db.url, schema: 'producer', entities: [] });
  await ds.initialize();
});

after(async () => {
  for (const consumer of started) await consumer.stop();
  await ds?.destroy();
  await sql?.end({ timeout: 5 });
  await db?.drop();
});

let counter = 0;
function uniqueSubject(label: string): string {
  counter += 1;
  return `${label}-${counter}`;
}

function personFiled(subject: string): NewEvent {
  return { type: 'registry.person.filed', subject, actor: 'test', data: { personId: subject, region: '350100' } };
}

function piiRevealed(subject: string): NewEvent {
  return { type: 'registry.pii.revealed', subject, actor: 'test', data: { subjectType: 'person', subjectId: subject, fields: ['name'] } };
}

function publishCommitted(event: NewEvent): Promise<BusEvent> {
  return ds.transaction((manager) => publish(manager, event));
}

interface Recorder {
  consumer: BusConsumer;
  received: BusEvent[];
}

function recorder(name: string, options: Partial<ConsumerOptions> = {}): Recorder {
  const received: BusEvent[] = [];
  const consumer = new BusConsumer(sql, {
    name,
    schema: 't',
    handle: async (event) => {
      received.push(event);
    },
    ...options,
  });
  return { consumer, received };
}

async function eventCount(): Promise<number> {
  const [row] = await sql`select count(*)::int as n from bus.events`;
  return row.n;
}

/**
 * Publishes a marker and drains until the consumer's offset reaches it, so that gaps left by
 * earlier tests (rolled-back seqs) are behind it; then forgets what it received.
 */
async function catchUp(...recorders: Recorder[]): Promise<void> {
  const target = (await publishCommitted(personFiled(uniqueSubject('marker')))).seq;
  for (const r of recorders) {
    let attempt = 0;
    while ((await r.consumer.offset()) < target) {
      if (++attempt > 200) throw new Error(`consumer did not catch up to seq ${target}`);
      await r.consumer.drain();
      await sleep(25);
    }
    r.received.length = 0;
  }
}

/** Drains (bounded) until `done` holds. */
async function drainUntil(r: Recorder, done: () => boolean, attempts = 200): Promise<void> {
  for (let attempt = 0; attempt < attempts && !done(); attempt++) {
    await r.consumer.drain();
    if (!done()) await sleep(25);
  }
  assert.ok(done(), 'condition not reached within the bounded number of drains');
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(10);
  }
  return condition();
}

const ROLLBACK = new Error('deliberate rollback');

interface HeldTransaction {
  manager: EntityManager;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/** A producer transaction on its own pooled connection, left open until the test ends it. */
async function holdTransaction(): Promise<HeldTransaction> {
  let decide!: (commit: boolean) => void;
  const decision = new Promise<boolean>((resolve) => (decide = resolve));
  let opened!: (manager: EntityManager) => void;
  const ready = new Promise<EntityManager>((resolve) => (opened = resolve));
  const done = ds.transaction(async (manager) => {
    opened(manager);
    if (!(await decision)) throw ROLLBACK;
  });
  done.catch(() => {});
  const manager = await Promise.race([ready, done.then(() => Promise.reject(new Error('transaction ended early')))]);
  return {
    manager,
    async commit() {
      decide(true);
      await done;
    },
    async rollback() {
      decide(false);
      await assert.rejects(done, (error) => error === ROLLBACK);
    },
  };
}

const subjects = (events: BusEvent[]) => events.map((event) => event.subject);

test('publish outside a transaction throws and writes nothing', async () => {
  const before = await eventCount();
  await assert.rejects(publish(ds.manager, personFiled(uniqueSubject('outside'))), /inside the producer's transaction/);
  assert.equal(await eventCount(), before);
});

test('an uncatalogued event type is refused and nothing is written, not even a seq', async () => {
  const before = await eventCount();
  const [seqBefore] = await sql`select last_value, is_called from bus.events_seq`;
  const id = uniqueSubject('uncatalogued');
  await assert.rejects(
    ds.transaction(async (manager) => {
      await manager.query('insert into producer.things (id) values ($1)', [id]);
      await publish(manager, { ...personFiled(id), type: 'registry.enterprise.deleted' as EventType });
    }),
    /not in the catalogue/,
  );
  assert.equal(await eventCount(), before);
  assert.equal((await sql`select id from producer.things where id = ${id}`).length, 0);
  const [seqAfter] = await sql`select last_value, is_called from bus.events_seq`;
  assert.deepEqual(seqAfter, seqBefore);
});

test('a data field not in the catalogue is refused and nothing is written', async () => {
  const before = await eventCount();
  const id = uniqueSubject('extra-field');
  await assert.rejects(
    ds.transaction(async (manager) => {
      await manager.query('insert into producer.things (id) values ($1)', [id]);
      const event = personFiled(id);
      await publish(manager, { ...event, data: { ...event.data, idNumber: '110101199003077777' } });
    }),
    /fields not in the catalogue: idNumber/,
  );
  assert.equal(await eventCount(), before);
  assert.equal((await sql`select id from producer.things where id = ${id}`).length, 0);
});

test("an event commits together with the producer's own row", async () => {
  const id = uniqueSubject('together');
  const published = await ds.transaction(async (manager) => {
    await manager.query('insert into producer.things (id) values ($1)', [id]);
    return publish(manager, personFiled(id));
  });
  assert.equal((await sql`select id from producer.things where id = ${id}`).length, 1);
  const rows = await sql`select id, seq, type, subject, actor, data from bus.events where subject = ${id}`;
  assert.equal(rows.length, 1);
  assert.equal(rows[0].id, published.id);
  assert.equal(BigInt(rows[0].seq), published.seq);
  assert.equal(rows[0].type, 'registry.person.filed');
  assert.equal(rows[0].actor, 'test');
  assert.deepEqual(rows[0].data, { personId: id, region: '350100' });
});

test("a rollback leaves neither the producer's row nor its event, and it is never delivered", async () => {
  const r = recorder('rollback-never-delivered');
  await catchUp(r);
  const id = uniqueSubject('rolled-back');
  await assert.rejects(
    ds.transaction(async (manager) => {
      await manager.query('insert into producer.things (id) values ($1)', [id]);
      await publish(manager, personFiled(id));
      throw ROLLBACK;
    }),
    (error) => error === ROLLBACK,
  );
  assert.equal((await sql`select id from producer.things where id = ${id}`).length, 0);
  assert.equal((await sql`select seq from bus.events where subject = ${id}`).length, 0);
  const later = await publishCommitted(personFiled(uniqueSubject('after-rollback')));
  await drainUntil(r, () => r.received.length > 0);
  assert.deepEqual(subjects(r.received), [later.subject]);
});

test('the consumer delivers events in seq order with the published envelope', async () => {
  const r = recorder('in-order');
  await catchUp(r);
  const published: BusEvent[] = [];
  for (let i = 0; i < 5; i++) published.push(await publishCommitted(personFiled(uniqueSubject('ordered'))));
  assert.equal(await r.consumer.drain(), 5);
  assert.deepEqual(r.received.map((event) => event.seq), published.map((event) => event.seq));
  for (let i = 1; i < r.received.length; i++) assert.ok(r.received[i].seq > r.received[i - 1].seq);
  const [first] = r.received;
  assert.equal(first.id, published[0].id);
  assert.equal(first.type, 'registry.person.filed');
  assert.equal(first.subject, published[0].subject);
  assert.equal(first.actor, 'test');
  assert.ok(first.occurredAt instanceof Date);
  assert.deepEqual(first.data, published[0].data);
  assert.equal(await r.consumer.offset(), published[4].seq);
});

test('each event reaches the handler exactly once across drains and a restarted consumer of the same name', async () => {
  const r = recorder('exactly-once');
  await catchUp(r);
  const first: BusEvent[] = [];
  for (let i = 0; i < 3; i++) first.push(await publishCommitted(personFiled(uniqueSubject('once'))));
  assert.equal(await r.consumer.drain(), 3);
  assert.equal(await r.consumer.drain(), 0);

  const restarted = recorder('exactly-once');
  assert.equal(await restarted.consumer.drain(), 0);
  assert.equal(restarted.received.length, 0);
  const next = await publishCommitted(personFiled(uniqueSubject('once')));
  assert.equal(await restarted.consumer.drain(), 1);
  assert.deepEqual(subjects(restarted.received), [next.subject]);
  assert.deepEqual(subjects(r.received), subjects(first));
});

test('an event redelivered after its offset was lost is skipped by its event id', async () => {
  const r = recorder('redelivery');
  await catchUp(r);
  const published = await publishCommitted(personFiled(uniqueSubject('redelivered')));
  assert.equal(await r.consumer.drain(), 1);
  // At-least-once: the offset goes back (e.g. restored from an older backup), processed_events remains.
  await sql`update t.consumer_offsets set seq = ${(published.seq - 1n).toString()} where consumer = 'redelivery'`;
  assert.equal(await r.consumer.drain(), 0);
  assert.deepEqual(subjects(r.received), [published.subject]);
  assert.equal(await r.consumer.offset(), published.seq);
});

test('two consumers with different names each receive every event', async () => {
  const a = recorder('fan-out-a');
  const b = recorder('fan-out-b');
  await catchUp(a, b);
  const published: BusEvent[] = [];
  for (let i = 0; i < 3; i++) published.push(await publishCommitted(personFiled(uniqueSubject('fan-out'))));
  assert.equal(await a.consumer.drain(), 3);
  assert.equal(await b.consumer.drain(), 3);
  assert.deepEqual(subjects(a.received), subjects(published));
  assert.deepEqual(subjects(b.received), subjects(published));
});

test('a types filter passes only those types to the handler and still advances past the others', async () => {
  const r = recorder('filtered', { types: ['registry.pii.revealed'] });
  await catchUp(r);
  await publishCommitted(personFiled(uniqueSubject('filtered-out')));
  const wanted = await publishCommitted(piiRevealed(uniqueSubject('filtered-in')));
  const last = await publishCommitted(personFiled(uniqueSubject('filtered-out')));
  assert.equal(await r.consumer.drain(), 1);
  assert.deepEqual(subjects(r.received), [wanted.subject]);
  assert.equal(r.received[0].type, 'registry.pii.revealed');
  assert.equal(await r.consumer.offset(), last.seq);
  assert.equal(await r.consumer.drain(), 0);
});

test('resetToStart replays the whole log from seq 0 in order', async () => {
  const r = recorder('replay');
  await catchUp(r);
  await publishCommitted(personFiled(uniqueSubject('replayed')));
  await r.consumer.drain();
  r.received.length = 0;
  await r.consumer.resetToStart();
  assert.equal(await r.consumer.offset(), 0n);
  // Gaps left by earlier rollbacks are settled, but be tolerant of other sessions on the server.
  const all = await sql`select seq from bus.events order by seq`;
  await drainUntil(r, () => r.received.length === all.length);
  assert.deepEqual(r.received.map((event) => event.seq), all.map((row) => BigInt(row.seq)));
  assert.equal(await r.consumer.drain(), 0);
});

test('a seq still in flight holds back a later seq that committed first, until its transaction commits', async () => {
  const r = recorder('out-of-order');
  await catchUp(r);
  const a = await holdTransaction();
  let b: HeldTransaction | undefined;
  try {
    const first = await publish(a.manager, personFiled(uniqueSubject('slow')));
    b = await holdTransaction();
    const second = await publish(b.manager, personFiled(uniqueSubject('fast')));
    assert.ok(second.seq > first.seq);
    await b.commit();
    b = undefined;
    for (let i = 0; i < 3; i++) {
      assert.equal(await r.consumer.drain(), 0, `drain ${i + 1} delivered past an in-flight seq`);
      await sleep(30);
    }
    assert.equal(r.received.length, 0);
    await a.commit();
    await drainUntil(r, () => r.received.length === 2);
    assert.deepEqual(r.received.map((event) => event.seq), [first.seq, second.seq]);
  } finally {
    await b?.rollback().catch(() => {});
    await a.rollback().catch(() => {});
  }
});

test('an in-flight seq is waited for even when its transaction id is newer than the write before the gap was seen', async () => {
  // B takes its transaction id first; the consumer's offset write then takes a newer one and is held
  // at the gate; meanwhile A (newest id) takes seq n and B takes n+1 and commits. When the consumer
  // sees the gap at n, no transaction with an id >= A's has ended yet.
  const r = recorder('newer-xid', { schema: 'stalled' });
  await catchUp(r);
  const gate = await sql.reserve();
  let a: HeldTransaction | undefined;
  let b: HeldTransaction | undefined;
  let gateHeld = false;
  try {
    b = await holdTransaction();
    await b.manager.query('select pg_current_xact_id()');
    await gate`select pg_advisory_lock(${GATE_KEY})`;
    gateHeld = true;
    const firstDrain = r.consumer.drain();
    const waiting = await until(async () => {
      const [row] = await sql`
        select count(*)::int as n from pg_locks
        where locktype = 'advisory' and objid = ${GATE_KEY} and not granted`;
      return row.n > 0;
    });
    assert.ok(waiting, 'the consumer never reached the gate');
    a = await holdTransaction();
    const first = await publish(a.manager, personFiled(uniqueSubject('newer-xid-slow')));
    const second = await publish(b.manager, personFiled(uniqueSubject('older-xid-fast')));
    assert.ok(second.seq > first.seq);
    await b.commit();
    b = undefined;
    await gate`select pg_advisory_unlock(${GATE_KEY})`;
    gateHeld = false;
    assert.equal(await firstDrain, 0);
    for (let i = 0; i < 3; i++) {
      assert.equal(await r.consumer.drain(), 0, `drain ${i + 2} skipped a seq whose transaction is still open`);
      await sleep(30);
    }
    await a.commit();
    a = undefined;
    await drainUntil(r, () => r.received.length === 2);
    assert.deepEqual(r.received.map((event) => event.seq), [first.seq, second.seq]);
  } finally {
    if (gateHeld) await gate`select pg_advisory_unlock(${GATE_KEY})`.catch(() => {});
    gate.release();
    await b?.rollback().catch(() => {});
    await a?.rollback().catch(() => {});
  }
});

test('a rolled-back seq gap is skipped only once the transactions open when it was seen have ended', async () => {
  const r = recorder('rolled-back-gap');
  await catchUp(r);
  // An unrelated transaction, open (with an id) while the gap is first seen.
  const bystander = await holdTransaction();
  try {
    await bystander.manager.query('select pg_current_xact_id()');
    const doomed = await holdTransaction();
    const lost = await publish(doomed.manager, personFiled(uniqueSubject('lost')));
    await doomed.rollback();
    const kept = await publishCommitted(personFiled(uniqueSubject('kept')));
    assert.ok(kept.seq > lost.seq);
    assert.equal(await r.consumer.drain(), 0, 'the first sight of a gap must not skip it');
    assert.equal(await r.consumer.drain(), 0, 'skipped a gap while a transaction open at the time was still running');
    await bystander.commit();
    await drainUntil(r, () => r.received.length > 0);
    assert.deepEqual(subjects(r.received), [kept.subject]);
    assert.equal(await r.consumer.offset(), kept.seq);
  } finally {
    await bystander.rollback().catch(() => {});
  }
});

test('a started consumer is woken by NOTIFY without waiting for its poll', async () => {
  const r = recorder('live', { pollMs: 60_000 });
  await catchUp(r);
  await r.consumer.start();
  started.push(r.consumer);
  const published = await publishCommitted(personFiled(uniqueSubject('live')));
  assert.ok(await until(() => r.received.length === 1), 'not woken within 5 s');
  assert.deepEqual(subjects(r.received), [published.subject]);
  const second = await publishCommitted(personFiled(uniqueSubject('live')));
  assert.ok(await until(() => r.received.length === 2), 'not woken again within 5 s');
  assert.equal(r.received[1].subject, second.subject);
  const stopping = r.consumer.stop();
  assert.ok(await Promise.race([stopping.then(() => true), sleep(5000).then(() => false)]), 'stop() hung');
  started.splice(started.indexOf(r.consumer), 1);
});

test('a NOTIFY that arrives while a started consumer is draining is not lost', async () => {
  // Each next event is already published in an open transaction; the handler of the previous one
  // commits it after 0-3 round trips, sweeping the commit (and its NOTIFY) across the rest of the
  // consumer's drain. With pollMs at a minute only NOTIFY can wake the consumer.
  const r = recorder('live-busy');
  await catchUp(r);
  const total = 300;
  const prepare = async () => {
    const held = await holdTransaction();
    await publish(held.manager, personFiled(uniqueSubject('chained')));
    return held;
  };
  await publishCommitted(personFiled(uniqueSubject('chained')));
  let upcoming = prepare();
  const commits: Promise<void>[] = [];
  const consumer = new BusConsumer(sql, {
    name: 'live-busy',
    schema: 't',
    pollMs: 60_000,
    handle: async (event) => {
      r.received.push(event);
      const n = r.received.length;
      if (n >= total) return;
      const held = await upcoming;
      if (n + 1 < total) upcoming = prepare();
      commits.push((async () => {
        for (let i = 0; i < 2 + (n % 6); i++) await sql`select 1`;
        await held.commit();
      })());
    },
  });
  await consumer.start();
  started.push(consumer);
  try {
    let last = -1;
    // Bounded: each step must make progress within 5 s.
    while (r.received.length < total && r.received.length !== last) {
      last = r.received.length;
      await until(() => r.received.length > last || r.received.length >= total);
    }
    assert.equal(r.received.length, total, `stalled after ${r.received.length} of ${total} events`);
  } finally {
    await consumer.stop();
    started.splice(started.indexOf(consumer), 1);
    await Promise.allSettled(commits);
    await upcoming.then((held) => held.rollback()).catch(() => {});
  }
});

test('bus.events refuses update, delete and truncate', async () => {
  const published = await publishCommitted(personFiled(uniqueSubject('immutable')));
  await assert.rejects(sql`update bus.events set subject = 'changed' where id = ${published.id}`, /append-only/);
  await assert.rejects(sql`delete from bus.events where id = ${published.id}`, /append-only/);
  await assert.rejects(sql`truncate bus.events`, /append-only/);
  const [row] = await sql`select subject from bus.events where id = ${published.id}`;
  assert.equal(row.subject, published.subject);
});
