import type { Sql } from '../db/database';
import type { BusEvent } from './event';

interface Gap {
  seq: bigint;
  /**
   * A transaction id assigned after the gap was seen: any transaction that could hold the missing
   * value took its id (publish does so first) before that value, so has a smaller one.
   */
  xmax: string;
}

/**
 * Reads `bus.events` in `seq` order without ever skipping a seq that is still in flight.
 * Sequence values can commit out of order, so a missing `seq` is waited for until every
 * transaction that was open when the gap was seen has ended; only then is it a rollback.
 * Shared by BusConsumer and the subscription tail (subscriptions.ts).
 */
export class BusLogReader {
  private gap?: Gap;

  constructor(private readonly sql: Sql, private readonly batchSize = 500) {}

  /** Whether the last read stopped at a gap that may still fill (its owner then polls sooner). */
  get waitingAtGap(): boolean {
    return this.gap !== undefined;
  }

  /** Forgets a gap being waited for, when the owner moves its offset elsewhere. */
  forgetGap(): void {
    this.gap = undefined;
  }

  /** The events after `offset` up to the first gap that may still fill, in seq order. */
  async readContiguous(offset: bigint): Promise<BusEvent[]> {
    // Whether the gap being waited for is settled is asked *before* reading: a holder that has
    // ended by then has committed or rolled back, so the read sees its row if there is one.
    // Asked after the read, a commit between the two would be skipped as a rollback.
    const settled = this.gap !== undefined && (await this.ended(this.gap.xmax));
    const rows = await this.sql`
      select id, seq, type, subject, occurred_at, actor, data from bus.events
      where seq > ${offset.toString()} order by seq limit ${this.batchSize}`;
    const events: BusEvent[] = [];
    let expected = offset + 1n;
    for (const row of rows) {
      const event = busEventOf(row);
      if (event.seq !== expected && !(settled && this.gap?.seq === expected)) {
        if (this.gap?.seq !== expected) this.gap = { seq: expected, xmax: await this.newestTransactionId() };
        break;
      }
      this.gap = undefined;
      events.push(event);
      expected = event.seq + 1n;
    }
    return events;
  }

  /**
   * The highest seq committed now, returned once every transaction that could still hold a
   * smaller one has ended: a reader may start after it without missing a late commit.
   */
  async settledHead(pollMs = 20): Promise<bigint> {
    // Head first, then a fresh transaction id: a holder of a smaller, uncommitted seq took its
    // id before its seq, and so before this one.
    const [head] = await this.sql`select coalesce(max(seq), 0)::text as seq from bus.events`;
    const xmax = await this.newestTransactionId();
    while (!(await this.ended(xmax))) await new Promise((resolve) => setTimeout(resolve, pollMs));
    return BigInt(head.seq);
  }

  private async newestTransactionId(): Promise<string> {
    // Not the snapshot's xmax: that is only one past the latest *completed* transaction, so a
    // holder whose id is newer than every completed one would count as ended while still open.
    const [row] = await this.sql`select pg_current_xact_id()::text as xmax`;
    return row.xmax;
  }

  /** Whether every transaction with an id below `xmax` has ended. */
  private async ended(xmax: string): Promise<boolean> {
    const [row] = await this.sql`select pg_snapshot_xmin(pg_current_snapshot()) > ${xmax}::xid8 as settled`;
    return row.settled === true;
  }
}

/** A `bus.events` row (selected as `id, seq, type, subject, occurred_at, actor, data`) as its envelope. */
export function busEventOf(row: Record<string, any>): BusEvent {
  return { id: row.id, seq: BigInt(row.seq), type: row.type, subject: row.subject, occurredAt: row.occurred_at, actor: row.actor, data: row.data };
}
