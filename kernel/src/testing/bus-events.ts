import { setTimeout as sleep } from 'node:timers/promises';
import type { Sql } from '../db/database';

export interface StoredEvent {
  id: string;
  seq: bigint;
  type: string;
  subject: string;
  actor: string;
  data: Record<string, unknown>;
}

/** The events of `type` on the bus (optionally about `subject`), oldest first. */
export async function busEvents(sql: Sql, type: string, subject?: string): Promise<StoredEvent[]> {
  const rows = subject === undefined
    ? await sql`select id, seq, type, subject, actor, data from bus.events where type = ${type} order by seq`
    : await sql`select id, seq, type, subject, actor, data from bus.events where type = ${type} and subject = ${subject} order by seq`;
  return rows.map((row) => ({ ...row }) as unknown as StoredEvent);
}

/** Polls `condition` every `intervalMs` until it holds or `timeoutMs` passes; the result says which. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, intervalMs = 25): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(intervalMs);
  }
  return condition();
}
