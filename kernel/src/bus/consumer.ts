import type postgres from 'postgres';
import type { Sql } from '../db/database';
import type { Logger } from '../logger';
import { BUS_CHANNEL } from './publish';
import type { EventType } from './catalogue';
import type { BusEvent } from './event';
import { BusLogReader } from './reader';

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

/**
 * Reads `bus.events` in `seq` order, at least once and idempotently by event id.
 * Sequence values can commit out of order, so a missing `seq` is waited for until every
 * transaction that was open when the gap was seen has ended; only then is it a rollback
 * (BusLogReader).
 */
export class BusConsumer {
  private readonly reader: BusLogReader;
  private running = false;
  private wake?: () => void;
  /** A NOTIFY arrived since the current drain began (it may have missed the notified event). */
  private notified = false;
  private loop?: Promise<void>;
  private unlisten?: () => Promise<void>;

  constructor(private readonly sql: Sql, private readonly options: ConsumerOptions) {
    this.reader = new BusLogReader(sql, options.batchSize ?? 500);
  }

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
      const events = await this.reader.readContiguous(await this.offset());
      if (events.length === 0) return handled;
      for (const event of events) if (await this.process(event)) handled++;
    }
  }

  /** Starts over from seq 0, after the owner has cleared what it rebuilds from the log. */
  async resetToStart(): Promise<void> {
    const { schema, name } = this.options;
    await this.sql.begin(async (tx) => {
      await tx`delete from ${tx(schema)}.processed_events where consumer = ${name}`;
      await tx`update ${tx(schema)}.consumer_offsets set seq = 0 where consumer = ${name}`;
    });
    this.reader.forgetGap();
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
        if (this.reader.waitingAtGap) waitMs = Math.min(pollMs, 50);
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
