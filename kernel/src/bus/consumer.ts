import type postgres from 'postgres';
import type { Sql } from '../db/database';
import type { Logger } from '../logger';
import { BUS_CHANNEL } from './publish';
import type { EventType } from './catalogue';
import type { BusEvent } from './event';

export interface ConsumerOptions {
  /** Unique per consumer within its schema; the offset is stored under this name. */
  name: string;
  /** The consuming service's schema, holding `consumer_offsets` and `processed_events`. */
  schema: string;
  /** Only these types reach the handler (others just advance the offset); all when omitted. */
  types?: readonly EventType[];
  /** Runs in the same transaction as the offset update: effects and progress commit together. */
  handle(event: BusEvent, tx: postgres.TransactionSql): Promise<void>;
  batchSize?: number;
  /** Poll interval when no NOTIFY arrives (a lost connection drops notifications). */
  pollMs?: number;
  logger?: Logger;
}

interface Gap {
  seq: bigint;
  /**
   * A transaction id assigned after the gap was seen: any transaction that could hold the missing
   * value took its id (publish does so first) before that value, so has a smaller one.
   */
  xmax: string;
}

/**
 * Reads `bus.events` in `seq` order, at least once and idempotently by event id.
 * Sequence values can commit out of order, so a missing `seq` is waited for until every
 * transaction that was open when the gap was seen has ended; only then is it a rollback.
 */
export class BusConsumer {
  private gap?: Gap;
  private running = false;
  private wake?: () => void;
  /** A NOTIFY arrived since the current drain began (it may have missed the notified event). */
  private notified = false;
  private loop?: Promise<void>;
  private unlisten?: () => Promise<void>;

  constructor(private readonly sql: Sql, private readonly options: ConsumerOptions) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const listener = await this.sql.listen(BUS_CHANNEL, () => {
      this.notified = true;
      this.wake?.();
    });
    this.unlisten = () => listener.unlisten();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.unlisten?.();
  }

  /** Processes everything available now; returns how many events reached the handler. */
  async drain(): Promise<number> {
    let handled = 0;
    for (;;) {
      const batch = await this.readContiguous(await this.offset());
      if (batch.events.length === 0) return handled;
      for (const event of batch.events) if (await this.process(event)) handled++;
    }
  }

  /** Starts over from seq 0, after the owner has cleared what it rebuilds from the log. */
  async resetToStart(): Promise<void> {
    const { schema, name } = this.options;
    await this.sql.begin(async (tx) => {
      await tx`delete from ${tx(schema)}.processed_events where consumer = ${name}`;
      await tx`update ${tx(schema)}.consumer_offsets set seq = 0 where consumer = ${name}`;
    });
    this.gap = undefined;
  }

  async offset(): Promise<bigint> {
    const { schema, name } = this.options;
    const rows = await this.sql`
      insert into ${this.sql(schema)}.consumer_offsets (consumer, seq) values (${name}, 0)
      on conflict (consumer) do update set consumer = excluded.consumer
      returning seq`;
    return BigInt(rows[0].seq);
  }

  private async run(): Promise<void> {
    const pollMs = this.options.pollMs ?? 1000;
    while (this.running) {
      let waitMs = pollMs;
      let failed = false;
      this.notified = false;
      try {
        await this.drain();
        if (this.gap) waitMs = Math.min(pollMs, 50);
      } catch (error) {
        failed = true;
        this.options.logger?.error({ err: error, consumer: this.options.name }, 'bus consumer failed; retrying');
      }
      if (!this.running) break;
      // A NOTIFY during the drain found no waiter to wake; its event may have committed after the last read.
      if (this.notified && !failed) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private async readContiguous(offset: bigint): Promise<{ events: BusEvent[] }> {
    const rows = await this.sql`
      select id, seq, type, subject, occurred_at, actor, data from bus.events
      where seq > ${offset.toString()} order by seq limit ${this.options.batchSize ?? 500}`;
    const events: BusEvent[] = [];
    let expected = offset + 1n;
    for (const row of rows) {
      const seq = BigInt(row.seq);
      if (seq !== expected && !(await this.gapIsPermanent(expected))) break;
      this.gap = undefined;
      events.push({
        id: row.id, seq, type: row.type, subject: row.subject, occurredAt: row.occurred_at, actor: row.actor, data: row.data,
      });
      expected = seq + 1n;
    }
    return { events };
  }

  private async gapIsPermanent(missing: bigint): Promise<boolean> {
    if (this.gap?.seq !== missing) {
      // Not the snapshot's xmax: that is only one past the latest *completed* transaction, so a
      // holder whose id is newer than every completed one would count as ended while still open.
      const [row] = await this.sql`select pg_current_xact_id()::text as xmax`;
      this.gap = { seq: missing, xmax: row.xmax };
      return false;
    }
    const [row] = await this.sql`
      select pg_snapshot_xmin(pg_current_snapshot()) > ${this.gap.xmax}::xid8 as settled`;
    return row.settled === true;
  }

  private async process(event: BusEvent): Promise<boolean> {
    const { schema, name, types, handle } = this.options;
    const wanted = !types || types.includes(event.type);
    return this.sql.begin(async (tx) => {
      let handled = false;
      if (wanted) {
        const fresh = await tx`
          insert into ${tx(schema)}.processed_events (consumer, event_id) values (${name}, ${event.id})
          on conflict do nothing returning event_id`;
        if (fresh.length > 0) {
          await handle(event, tx);
          handled = true;
        }
      }
      await tx`update ${tx(schema)}.consumer_offsets set seq = ${event.seq.toString()} where consumer = ${name}`;
      return handled;
    });
  }
}
