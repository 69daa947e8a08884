import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  jetstream, jetstreamManager, JetStreamApiCodes, JetStreamApiError, StorageType, type JetStreamManager,
} from '@nats-io/jetstream';
import type { Sql } from '../db/database';
import type { Logger } from '../logger';
import { BusConsumer } from './consumer';
import type { BusEvent } from './event';

/** The relay's consumer name and schema (`relayMigrations` creates its offset tables). */
export const NATS_RELAY_CONSUMER = 'nats-relay';
export const NATS_RELAY_SCHEMA = 'relay';

/** How long JetStream remembers a message id: a re-publish within it is dropped as a duplicate. */
export const NATS_DUPLICATE_WINDOW_MS = 2 * 60_000;

export interface NatsRelayOptions {
  /** A postgres.js client on the product's database (bus.events and the relay schema). */
  sql: Sql;
  /** One server URL, or several separated by commas (e.g. the members of a cluster). */
  natsUrl: string;
  /** The JetStream stream; created (file storage, subjects `<subjectPrefix>.>`) when missing. */
  stream?: string;
  /** Each event goes to `<subjectPrefix>.<event type>`, e.g. `sw.registry.enterprise.filed`. */
  subjectPrefix?: string;
  logger?: Logger;
  /** How long to wait for JetStream's ack before the publish (and so the event) is retried. */
  publishTimeoutMs?: number;
  /** The bus consumer's poll interval, also the retry delay after a failed publish. */
  pollMs?: number;
}

export interface NatsRelay {
  stop(): Promise<void>;
}

/** The JSON an event is published as: the full bus envelope, with `seq` as a string (it is a bigint). */
export interface NatsEnvelope {
  id: string;
  seq: string;
  type: string;
  subject: string;
  occurredAt: string;
  actor: string;
  data: Record<string, unknown>;
}

export function natsEnvelope(event: BusEvent): NatsEnvelope {
  return {
    id: event.id,
    seq: event.seq.toString(),
    type: event.type,
    subject: event.subject,
    occurredAt: event.occurredAt.toISOString(),
    actor: event.actor,
    data: event.data,
  };
}

/** Problems with a stream name or subject prefix, for configuration checks (empty when both are fine). */
export function natsNameProblems(stream: string, subjectPrefix: string): string[] {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(stream)) {
    problems.push(`NATS stream name must be letters, digits, "_" or "-", got "${stream}"`);
  }
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(subjectPrefix)) {
    problems.push(`NATS subject prefix must be dot-separated tokens of letters, digits, "_" or "-", got "${subjectPrefix}"`);
  }
  return problems;
}

/**
 * Publishes every bus event to NATS JetStream, in `seq` order, for consumers in other deployments.
 * A bus consumer like any other: its offset moves only after JetStream has acked the message,
 * and the message id is the event id, so a re-publish after a crash (ack received, offset not yet
 * committed) is dropped by JetStream's duplicate window. At least once, nothing lost.
 */
export async function startNatsRelay(options: NatsRelayOptions): Promise<NatsRelay> {
  const { sql, natsUrl, stream = 'SINGLE_WINDOW', subjectPrefix = 'sw', logger } = options;
  const problems = natsNameProblems(stream, subjectPrefix);
  if (problems.length > 0) throw new Error(problems.join('; '));

  const servers = natsUrl.split(',').map((server) => server.trim());
  const nc = await connect({ servers, name: 'sw-nats-relay', maxReconnectAttempts: -1 }).catch((error: unknown) => {
    throw new Error(`cannot connect to NATS at ${servers.map(withoutCredentials).join(', ')}: ${error instanceof Error ? error.message : error}`, { cause: error });
  });
  try {
    await ensureStream(await jetstreamManager(nc), stream, subjectPrefix, logger);
  } catch (error) {
    await nc.close();
    throw error;
  }
  void logConnectionStatus(nc, logger);

  const js = jetstream(nc);
  const timeout = options.publishTimeoutMs ?? 5000;
  const consumer = new BusConsumer(sql, {
    name: NATS_RELAY_CONSUMER,
    schema: NATS_RELAY_SCHEMA,
    pollMs: options.pollMs,
    logger,
    // Runs inside the consumer's transaction: a failed or unacked publish throws, the transaction
    // rolls back, and the event is tried again from the same offset.
    handle: async (event) => {
      const ack = await js.publish(`${subjectPrefix}.${event.type}`, JSON.stringify(natsEnvelope(event)), {
        msgID: event.id,
        expect: { streamName: stream },
        timeout,
      });
      if (ack.duplicate) logger?.debug({ eventId: event.id, seq: event.seq.toString() }, 'event already in JetStream');
    },
  });
  await consumer.start();

  return {
    async stop() {
      await consumer.stop();
      // Every publish was awaited, so nothing is in flight: close, rather than drain (which waits on a down server).
      await nc.close();
    },
  };
}

/** Creates the stream if it is missing; an existing one is kept as it is, if it captures our subjects. */
async function ensureStream(jsm: JetStreamManager, stream: string, subjectPrefix: string, logger?: Logger): Promise<void> {
  const wanted = `${subjectPrefix}.>`;
  let info;
  try {
    info = await jsm.streams.info(stream);
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
    // Adding a stream with the same configuration as an existing one succeeds, so two relays
    // starting together both get here safely.
    info = await jsm.streams.add({
      name: stream,
      subjects: [wanted],
      storage: StorageType.File,
      duplicate_window: nanos(NATS_DUPLICATE_WINDOW_MS),
    });
    logger?.info({ stream, subjects: info.config.subjects }, 'JetStream stream created');
    return;
  }
  const subjects = info.config.subjects ?? [];
  if (!subjects.includes(wanted) && !subjects.includes('>')) {
    throw new Error(`JetStream stream ${stream} exists with subjects [${subjects.join(', ')}], which do not capture ${wanted}`);
  }
  if (!info.config.duplicate_window) logger?.warn({ stream }, 'JetStream stream has no duplicate window: a re-publish after a crash is not de-duplicated');
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(unparsable NATS_URL)';
  }
}

async function logConnectionStatus(nc: NatsConnection, logger?: Logger): Promise<void> {
  if (!logger) return;
  for await (const status of nc.status()) {
    if (status.type === 'disconnect') logger.warn({ server: status.server }, 'NATS disconnected; publishing waits for the reconnect');
    else if (status.type === 'reconnect') logger.info({ server: status.server }, 'NATS reconnected');
  }
}
