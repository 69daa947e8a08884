import type { BusConsumer, Sql } from '@sw/kernel';
import { CONSUMER_NAME } from './statistics.consumer';

/**
 * The tables derived from the log alone. published_indices (a publication must never change
 * silently) and target_entries (regulators' input, not events) are not among them.
 */
export const DERIVED_TABLES = ['enterprises', 'credit', 'population_daily', 'trade_facts', 'trade_daily', 'clearance_times'] as const;

/**
 * Rebuilds every derived table by replaying the bus from seq 0: empties them and resets the
 * consumer in one transaction, then drains. The consumer must not be running meanwhile (the
 * service's `rebuild` stops and restarts it; the CLI runs while the service is stopped).
 * Returns how many events were applied.
 */
export async function rebuildFromLog(sql: Sql, consumer: BusConsumer): Promise<number> {
  await sql.begin(async (tx) => {
    await tx.unsafe(`truncate ${DERIVED_TABLES.map((table) => `statistics.${table}`).join(', ')}`);
    await tx`delete from statistics.processed_events where consumer = ${CONSUMER_NAME}`;
    await tx`update statistics.consumer_offsets set seq = 0 where consumer = ${CONSUMER_NAME}`;
  });
  await consumer.resetToStart();
  return consumer.drain();
}
