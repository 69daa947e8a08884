import { randomUUID } from 'node:crypto';
import { BUS_CHANNEL, EVENT_CATALOGUE, isCatalogued, type BusEvent, type ConsumerOptions, type NewEvent } from '@sw/kernel';

/** A postgres.js transaction, as the bus consumer hands one to its handler and `sql.begin` opens one. */
export type Tx = Parameters<ConsumerOptions['handle']>[1];

/**
 * The kernel's `publish`, for a postgres.js transaction: credit recomputes profiles inside its bus
 * consumer's transaction and must publish their changes there. The kernel's version takes a
 * TypeORM EntityManager; postgres.js would JSON-encode its JSON text a second time, so this one
 * passes the data as JSON itself. Same rules: catalogued types and fields only, and the
 * transaction id is taken before the sequence value (kernel/src/bus/consumer.ts relies on it).
 */
export async function publishInTx(tx: Tx, event: NewEvent): Promise<BusEvent> {
  if (!isCatalogued(event.type)) throw new Error(`event type ${event.type} is not in the catalogue`);
  const allowed: readonly string[] = EVENT_CATALOGUE[event.type].data;
  const unknown = Object.keys(event.data).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) throw new Error(`event ${event.type} carries fields not in the catalogue: ${unknown.join(', ')}`);
  await tx`select pg_current_xact_id()`;
  const id = randomUUID();
  const [row] = await tx`
    insert into bus.events (id, type, subject, actor, data)
    values (${id}, ${event.type}, ${event.subject}, ${event.actor}, ${tx.json(event.data as never)})
    returning seq, occurred_at`;
  await tx`select pg_notify(${BUS_CHANNEL}, ${String(row.seq)})`;
  return { ...event, id, seq: BigInt(row.seq), occurredAt: row.occurred_at };
}
