import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import type { EntityManager } from 'typeorm';
import { EVENT_CATALOGUE, isCatalogued } from './catalogue';
import type { BusEvent, NewEvent } from './event';

export const BUS_CHANNEL = 'bus';

/**
 * Appends an event to `bus.events` inside the caller's transaction, so the state change
 * and its event commit together; NOTIFY is delivered only when that transaction commits.
 */
export async function publish(manager: EntityManager, event: NewEvent): Promise<BusEvent> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(`publish(${event.type}) must run inside the producer's transaction`);
  }
  assertCatalogued(event);
  // Taking the transaction id before the sequence value lets consumers tell an
  // in-flight sequence gap from a rolled-back one (see consumer.ts).
  await manager.query('select pg_current_xact_id()');
  const id = randomUUID();
  const [row] = await manager.query(
    `insert into bus.events (id, type, subject, actor, data) values ($1, $2, $3, $4, $5)
     returning seq, occurred_at`,
    [id, event.type, event.subject, event.actor, JSON.stringify(event.data)],
  );
  await manager.query('select pg_notify($1, $2)', [BUS_CHANNEL, String(row.seq)]);
  return { ...event, id, seq: BigInt(row.seq), occurredAt: row.occurred_at };
}

/**
 * `publish` for a postgres.js transaction (`sql.begin`, a consumer's handler): same rules, and
 * the data goes as JSON itself (postgres.js would encode JSON text a second time).
 */
export async function publishSql(tx: postgres.TransactionSql, event: NewEvent): Promise<BusEvent> {
  assertCatalogued(event);
  await tx`select pg_current_xact_id()`;
  const id = randomUUID();
  const [row] = await tx`
    insert into bus.events (id, type, subject, actor, data)
    values (${id}, ${event.type}, ${event.subject}, ${event.actor}, ${tx.json(event.data as Parameters<typeof tx.json>[0])})
    returning seq, occurred_at`;
  await tx`select pg_notify(${BUS_CHANNEL}, ${String(row.seq)})`;
  return { ...event, id, seq: BigInt(row.seq), occurredAt: row.occurred_at };
}

function assertCatalogued(event: NewEvent): void {
  if (!isCatalogued(event.type)) throw new Error(`event type ${event.type} is not in the catalogue`);
  const allowed: readonly string[] = EVENT_CATALOGUE[event.type].data;
  const unknown = Object.keys(event.data).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new Error(`event ${event.type} carries fields not in the catalogue: ${unknown.join(', ')}`);
  }
}
