import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, StorageType, type JetStreamManager, type StoredMsg } from '@nats-io/jetstream';
import { busMigrations, relayMigrations } from '@sw/migrations';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createDataSource, createSql, type Sql } from '../db/database';
import { runMigrations } from '../db/migrate';
import { createLogger } from '../logger';
import { publish } from './publish';
import { BusConsumer } from './consumer';
import type { BusEvent, NewEvent } from './event';
import {
  NATS_DUPLICATE_WINDOW_MS, NATS_RELAY_CONSUMER, NATS_RELAY_SCHEMA, startNatsRelay, type NatsRelay, type NatsRelayOptions,
} from './nats-relay';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
// Unique per run, so that concurrent runs (and other deployments on the same server) never meet.
const RUN = `${process.pid}_${randomBytes(4).toString('hex')}`;
const STREAM = `SW_TEST_${RUN}`;
const PREFIX = `swtest_${RUN}`;
const OTHER_STREAM = `${STREAM}_OTHER`;

let db: TestDatabase;
let ds: DataSource;
let sql: Sql;
let nc: NatsConnection;
let jsm: JetStreamManager;
const running = new Set<NatsRelay>();
const logLines: string[] = [];
const logger = createLogger('nats-relay-test', 'debug', { write: (line: string) => void logLines.push(line) });

before(async () => {
  db = await createTestDatabase();
  await runMigrations(db.url, [busMigrations, relayMigrations]);
  sql = createSql(db.url, 5);
  await sql.unsafe('create schema producer');
  ds = createDataSource({ url: db.url, schema: 'producer', entities: [] });
  await ds.initialize();
  nc = await connect({ servers: NATS_URL, name: 'sw-nats-relay-test' });
  jsm = await jetstreamManager(nc);
});

after(async () => {
  for (const relay of running) await relay.stop();
  for (const stream of [STREAM, OTHER_STREAM]) await jsm?.streams.delete(stream).catch(() => {});
  await nc?.close();
  await ds?.destroy();
  await sql?.end({ timeout: 5 });
  await db?.drop();
});

async function startRelay(options: Partial<NatsRelayOptions> = {}): Promise<NatsRelay> {
  const relay = await startNatsRelay({ sql, natsUrl: NATS_URL, stream: STREAM, subjectPrefix: PREFIX, logger, pollMs: 100, ...options });
  running.add(relay);
  return relay;
}

async function stopRelay(relay: NatsRelay): Promise<void> {
  running.delete(relay);
  await relay.stop();
}

let counter = 0;
function unique(label: string): string {
  counter += 1;
  return `${label}-${counter}`;
}

function enterpriseFiled(subject: string): NewEvent {
  return {
    type: 'registry.enterprise.filed',
    subject,
    actor: 'test',
    data: { uscc: subject, name: 'Test Trading Co.', customsCode: '3501960001', region: '350100', roles: ['EBC'], filingStatus: 'FILED' },
  };
}

function personFiled(subject: string): NewEvent {
  return { type: 'registry.person.filed', subject, actor: 'test', data: { personId: subject, region: '350100' } };
}

function keyRevoked(subject: string): NewEvent {
  return { type: 'access.key.revoked', subject, actor: 'admin', data: { keyId: subject } };
}

function publishCommitted(event: NewEvent): Promise<BusEvent> {
  return ds.transaction((manager) => publish(manager, event));
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(25);
  }
  return condition();
}

async function streamMessages(stream = STREAM): Promise<number> {
  return (await jsm.streams.info(stream)).state.messages;
}

/** Every message in the stream, in stream order (bounded: test streams stay small). */
async function storedMessages(): Promise<StoredMsg[]> {
  const { state } = await jsm.streams.info(STREAM);
  const messages: StoredMsg[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const message = await jsm.streams.getMessage(STREAM, { seq });
    if (message) messages.push(message);
  }
  return messages;
}

async function relayOffset(): Promise<bigint> {
  const rows = await sql`select seq from relay.consumer_offsets where consumer = ${NATS_RELAY_CONSUMER}`;
  return rows.length === 0 ? 0n : BigInt(rows[0].seq);
}

async function relayProcessed(): Promise<number> {
  const [row] = await sql`select count(*)::int as n from relay.processed_events where consumer = ${NATS_RELAY_CONSUMER}`;
  return row.n;
}

async function lastBusSeq(): Promise<bigint> {
  const [row] = await sql`select coalesce(max(seq), 0) as seq from bus.events`;
  return BigInt(row.seq);
}

test('the relay creates its stream once: file storage, <prefix>.> subjects, a duplicate window', async () => {
  await assert.rejects(jsm.streams.info(STREAM), /stream not found/i);
  const first = await startRelay();
  const created = await jsm.streams.info(STREAM);
  assert.deepEqual(created.config.subjects, [`${PREFIX}.>`]);
  assert.equal(created.config.storage, StorageType.File);
  assert.equal(created.config.duplicate_window, nanos(NATS_DUPLICATE_WINDOW_MS));
  await stopRelay(first);

  // Starting again finds the stream and leaves it as it is.
  const second = await startRelay();
  const found = await jsm.streams.info(STREAM);
  assert.equal(found.created, created.created);
  assert.deepEqual(found.config, created.config);
  await stopRelay(second);
});

test('an existing stream that does not capture <prefix>.> is refused at start', async () => {
  await jsm.streams.add({ name: OTHER_STREAM, subjects: [`${PREFIX}_other.only`], storage: StorageType.Memory });
  try {
    await assert.rejects(startRelay({ stream: OTHER_STREAM }), new RegExp(`which do not capture ${PREFIX}\\.>`));
  } finally {
    await jsm.streams.delete(OTHER_STREAM);
  }
});

test("events published in the producer's transaction arrive on JetStream in seq order with the envelope intact", async () => {
  const relay = await startRelay();
  try {
    const before = await streamMessages();
    const published: BusEvent[] = [];
    for (const make of [enterpriseFiled, personFiled, keyRevoked, enterpriseFiled, personFiled]) {
      published.push(await publishCommitted(make(unique('ordered'))));
    }
    assert.ok(await until(async () => (await streamMessages()) === before + published.length), 'events did not reach JetStream within 10 s');

    const arrived = (await storedMessages()).slice(before);
    assert.equal(arrived.length, published.length);
    for (const [i, event] of published.entries()) {
      const message = arrived[i];
      assert.equal(message.subject, `${PREFIX}.${event.type}`);
      assert.equal(message.header.get('Nats-Msg-Id'), event.id);
      assert.deepEqual(message.json(), {
        id: event.id,
        seq: event.seq.toString(),
        type: event.type,
        subject: event.subject,
        occurredAt: event.occurredAt.toISOString(),
        actor: event.actor,
        data: event.data,
      });
    }
    const seqs = arrived.map((message) => BigInt(message.json<{ seq: string }>().seq));
    for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] > seqs[i - 1], 'JetStream order differs from bus seq order');
    assert.equal(await relayOffset(), published.at(-1)!.seq);
  } finally {
    await stopRelay(relay);
  }
});

test('a rolled-back event never arrives on JetStream', async () => {
  const relay = await startRelay();
  try {
    const before = await streamMessages();
    const doomed = unique('rolled-back');
    const rollback = new Error('deliberate rollback');
    await assert.rejects(
      ds.transaction(async (manager) => {
        await publish(manager, personFiled(doomed));
        throw rollback;
      }),
      (error) => error === rollback,
    );
    const kept = await publishCommitted(personFiled(unique('kept')));
    assert.ok(await until(async () => (await relayOffset()) === kept.seq), 'the relay did not pass the rolled-back seq within 10 s');

    assert.equal(await streamMessages(), before + 1);
    const messages = await storedMessages();
    assert.equal(messages.at(-1)!.header.get('Nats-Msg-Id'), kept.id);
    assert.ok(!messages.some((message) => message.json<{ subject: string }>().subject === doomed), 'the rolled-back event reached JetStream');
  } finally {
    await stopRelay(relay);
  }
});

test('replaying from seq 0 publishes every event again and JetStream drops each as a duplicate', async () => {
  const before = await jsm.streams.info(STREAM);
  const [{ n: events }] = await sql`select count(*)::int as n from bus.events`;
  assert.ok(events > 0 && before.state.messages === events);

  const consumer = new BusConsumer(sql, { name: NATS_RELAY_CONSUMER, schema: NATS_RELAY_SCHEMA, handle: async () => {} });
  await consumer.resetToStart();
  assert.equal(await relayOffset(), 0n);
  assert.equal(await relayProcessed(), 0);

  const relay = await startRelay();
  try {
    const last = await lastBusSeq();
    // Each event is processed again (so published again, and acked) before the offset reaches the end.
    assert.ok(await until(async () => (await relayOffset()) === last && (await relayProcessed()) === events), 'the replay did not finish within 10 s');
    const after = await jsm.streams.info(STREAM);
    assert.equal(after.state.messages, before.state.messages);
    assert.equal(after.state.last_seq, before.state.last_seq);
  } finally {
    await stopRelay(relay);
  }
  assert.ok(logLines.some((line) => line.includes('event already in JetStream')), 'no publish was acked as a duplicate');
});

test('a publish JetStream does not ack keeps the offset where it is, and the event goes out once the stream is back', async () => {
  const { config } = await jsm.streams.info(STREAM);
  const relay = await startRelay({ publishTimeoutMs: 1000 });
  try {
    const offsetBefore = await relayOffset();
    await jsm.streams.delete(STREAM);
    const failuresBefore = logLines.filter((line) => line.includes('bus consumer failed')).length;
    const event = await publishCommitted(enterpriseFiled(unique('retried')));
    assert.ok(
      await until(() => logLines.filter((line) => line.includes('bus consumer failed')).length >= failuresBefore + 2),
      'the relay did not fail (and retry) the publish within 10 s',
    );
    assert.equal(await relayOffset(), offsetBefore);
    assert.equal((await sql`select 1 from relay.processed_events where event_id = ${event.id}`).length, 0);

    await jsm.streams.add({ name: STREAM, subjects: config.subjects, storage: config.storage, duplicate_window: config.duplicate_window });
    assert.ok(await until(async () => (await relayOffset()) === event.seq), 'the event was not published within 10 s of the stream coming back');
    const messages = await storedMessages();
    assert.equal(messages.length, 1);
    assert.equal(messages[0].header.get('Nats-Msg-Id'), event.id);
  } finally {
    await stopRelay(relay);
  }
});
