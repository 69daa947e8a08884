import type { Sql } from '../db/database';
import { badInput } from '../errors';
import type { Logger } from '../logger';
import type { EventType } from './catalogue';
import type { BusEvent } from './event';
import { BUS_CHANNEL } from './publish';
import { busEventOf, BusLogReader } from './reader';

export interface BusSubscriptionOptions {
  /** The service's postgres.js client; every subscription on the same client shares one LISTEN and one log reader. */
  sql: Sql;
  /** Only these event types reach the subscriber; all when omitted. */
  types?: readonly EventType[];
  /** A further test on each event (the subscription's own filter argument). */
  filter?: (event: BusEvent) => boolean;
  /**
   * The cursor (an event's seq) of the last event the subscriber saw: events after it are
   * replayed in order, then live ones follow. Omitted or null: live events only, from now on.
   */
  after?: string | bigint | null;
  /**
   * What `filter` selects on, declared so the reader hands this subscriber only events whose
   * `of(event)` equals `value` (the enterprise of a clearance event, say) without offering it
   * every other one: with thousands of subscribers on one replica, this keeps the reader cheap.
   * `of` must be one function shared by the subscriptions (defined once, not per call).
   */
  key?: { of: (event: BusEvent) => string | undefined; value: string };
  /**
   * Events held for a subscriber that reads slower than they arrive. Past this the subscriber
   * stops being fed and reads the log itself from where it is, so memory stays bounded.
   */
  maxBuffered?: number;
  logger?: Logger;
}

/** A stream that can say where it stands when no event comes (busSubscription's does). */
export interface ReportsIdleCursor<T> {
  nextOrIdle(ms: number): Promise<IteratorResult<T> | { idle: string }>;
}

/** An event's subscription cursor: its seq (DESIGN.md, "Events"), as a decimal string. */
export function cursorOf(event: Pick<BusEvent, 'seq'>): string {
  return event.seq.toString();
}

/** Reads an `after` argument: a seq, or BAD_USER_INPUT naming the field and the accepted form. */
export function parseCursor(after: string | bigint | null | undefined, field = 'after'): bigint | undefined {
  if (after === null || after === undefined) return undefined;
  if (typeof after === 'bigint') {
    if (after < 0n) throw badInput(field, `a cursor is the cursor of an event already received (a non-negative integer), got ${after}`);
    return after;
  }
  if (!/^\d{1,19}$/.test(after)) throw badInput(field, `a cursor is the cursor of an event already received (digits only), got "${after.slice(0, 40)}"`);
  return BigInt(after);
}

/**
 * Streams bus events to one subscriber: those after `after` from the log, in seq order, then
 * live ones, with no duplicate and no gap at the switch. Return the iterator (graphql-js does
 * when the client goes) to end it. Throws BAD_USER_INPUT at once for a malformed `after`.
 *
 * Each process reads the log itself (one reader per postgres.js client, woken by one shared
 * LISTEN), so several replicas each deliver every event to their own subscribers exactly once,
 * and a NOTIFY lost with a connection only delays delivery until the next poll.
 */
export function busSubscription(options: BusSubscriptionOptions): AsyncIterableIterator<BusEvent> & ReportsIdleCursor<BusEvent> {
  const after = parseCursor(options.after);
  let tail = tails.get(options.sql);
  if (!tail) tails.set(options.sql, (tail = new BusTail(options.sql, options.logger)));
  return new BusSubscription(tail, options, after);
}

const tails = new WeakMap<Sql, BusTail>();
const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };
const REPLAY_BATCH = 500;

/**
 * The head of the log as this process sees it: one gap-safe reader (the same as BusConsumer's)
 * and one LISTEN, shared by every live subscription on the client. `offset` only moves past a
 * seq once it has committed or is known to be a rollback, so everything up to it is settled.
 */
class BusTail {
  offset = 0n;
  private readonly reader: BusLogReader;
  /** Live subscriptions without a key, offered every event. */
  private readonly live = new Set<BusSubscription>();
  /** Live subscriptions with a key, offered only the events of their key. */
  private readonly keyed = new Map<(event: BusEvent) => string | undefined, Map<string, Set<BusSubscription>>>();
  private users = 0;
  private started?: Promise<void>;
  private stopped: Promise<void> = Promise.resolve();
  private running = false;
  private notified = false;
  private wake?: () => void;
  private loop?: Promise<void>;
  private unlisten?: () => Promise<void>;

  constructor(readonly sql: Sql, private readonly logger?: Logger, private readonly pollMs = 1000) {
    this.reader = new BusLogReader(sql);
  }

  /** Counts a subscription in; the first one starts the reader. Resolves once `offset` is settled. */
  acquire(): Promise<void> {
    this.users++;
    if (!this.started) {
      const started = this.stopped.then(() => this.start());
      started.catch(() => {
        if (this.started === started) this.started = undefined;
      });
      this.started = started;
    }
    return this.started;
  }

  /** Counts a subscription out; the last one stops the reader and its LISTEN. */
  release(subscription: BusSubscription): void {
    this.detach(subscription);
    if (--this.users > 0) return;
    const started = this.started;
    this.started = undefined;
    this.stopped = (async () => {
      await started?.catch(() => {});
      await this.stop();
    })();
  }

  attach(subscription: BusSubscription): void {
    const key = subscription.key;
    if (!key) return void this.live.add(subscription);
    let byValue = this.keyed.get(key.of);
    if (!byValue) this.keyed.set(key.of, (byValue = new Map()));
    let subscriptions = byValue.get(key.value);
    if (!subscriptions) byValue.set(key.value, (subscriptions = new Set()));
    subscriptions.add(subscription);
  }

  detach(subscription: BusSubscription): void {
    const key = subscription.key;
    if (!key) return void this.live.delete(subscription);
    const byValue = this.keyed.get(key.of);
    const subscriptions = byValue?.get(key.value);
    if (!subscriptions?.delete(subscription) || subscriptions.size > 0) return;
    byValue!.delete(key.value);
    if (byValue!.size === 0) this.keyed.delete(key.of);
  }

  private deliver(event: BusEvent): void {
    for (const subscription of this.live) subscription.offer(event);
    for (const [of, byValue] of this.keyed) {
      let value: string | undefined;
      try {
        value = of(event);
      } catch {
        continue;
      }
      const subscriptions = value === undefined ? undefined : byValue.get(value);
      if (subscriptions) for (const subscription of subscriptions) subscription.offer(event);
    }
  }

  private async start(): Promise<void> {
    const listener = await this.sql.listen(BUS_CHANNEL, () => {
      this.notified = true;
      this.wake?.();
    });
    this.unlisten = () => listener.unlisten();
    try {
      this.offset = await this.reader.settledHead();
    } catch (error) {
      await this.stop();
      throw error;
    }
    this.reader.forgetGap();
    this.running = true;
    this.loop = this.run();
  }

  private async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    await this.unlisten?.().catch(() => {});
    this.unlisten = undefined;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let waitMs = this.pollMs;
      let failed = false;
      this.notified = false;
      try {
        for (;;) {
          const events = await this.reader.readContiguous(this.offset);
          if (events.length === 0 || !this.running) break;
          for (const event of events) {
            this.offset = event.seq;
            this.deliver(event);
          }
        }
        if (this.reader.waitingAtGap) waitMs = 50;
      } catch (error) {
        failed = true;
        this.logger?.error({ err: error }, 'bus subscriptions: reading the log failed; retrying');
      }
      if (!this.running) break;
      // A NOTIFY during the read found no waiter to wake; its event may have committed after it.
      if (this.notified && !failed) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}

/**
 * One subscriber. It replays from the log up to the tail's settled offset, then joins the
 * tail, which feeds it every later event; an event at or below its position is never taken
 * twice. Held events are bounded: a subscriber that falls behind leaves the tail and reads
 * the log again from its position (the log is the buffer).
 */
class BusSubscription implements AsyncIterableIterator<BusEvent>, ReportsIdleCursor<BusEvent> {
  /** The seq of the last event this subscriber has passed, delivered or filtered out. */
  private position = 0n;
  /** The position before the events still held: everything up to it has been taken. */
  private taken?: bigint;
  private buffer: BusEvent[] = [];
  private head = 0;
  private live = false;
  private closed = false;
  private failure?: unknown;
  private acquired?: Promise<void>;
  private waiter?: () => void;
  private readonly maxBuffered: number;

  constructor(private readonly tail: BusTail, private readonly options: BusSubscriptionOptions, private readonly after: bigint | undefined) {
    this.maxBuffered = Math.max(1, options.maxBuffered ?? 1000);
  }

  get key(): BusSubscriptionOptions['key'] {
    return this.options.key;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<BusEvent> {
    return this;
  }

  /**
   * Where a resumed subscription would start without missing or repeating anything: after the
   * last event taken, or past the events filtered out when none is held. Undefined until the
   * subscription has started.
   */
  get cursor(): string | undefined {
    if (this.taken === undefined || this.closed) return undefined;
    if (this.head < this.buffer.length) return this.taken.toString();
    // Live, it has been offered everything up to the tail's offset that it wanted (a keyed
    // subscriber is not even offered the rest).
    const passed = this.live && this.tail.offset > this.position ? this.tail.offset : this.position;
    return passed.toString();
  }

  async next(): Promise<IteratorResult<BusEvent>> {
    return (await this.pull()) as IteratorResult<BusEvent>;
  }

  /**
   * The next event, or `{ idle: cursor }` when none arrived within `ms`: where a resumed
   * subscription would start. Decided inside the iterator, so the cursor never runs ahead of an
   * event already taken but not yet sent.
   */
  nextOrIdle(ms: number): Promise<IteratorResult<BusEvent> | { idle: string }> {
    return this.pull(ms);
  }

  private async pull(idleMs?: number): Promise<IteratorResult<BusEvent> | { idle: string }> {
    try {
      if (!this.acquired) {
        this.acquired = this.tail.acquire();
        await this.acquired;
        this.begin();
      } else {
        await this.acquired;
      }
      for (;;) {
        if (this.failure !== undefined) throw this.failure;
        if (this.closed) return DONE;
        if (this.head < this.buffer.length) return { value: this.take(), done: false };
        if (!this.live) {
          await this.replay();
          continue;
        }
        let timer: NodeJS.Timeout | undefined;
        const woken = await new Promise<boolean>((resolve) => {
          this.waiter = () => resolve(true);
          if (idleMs !== undefined) timer = setTimeout(resolve, idleMs, false);
        });
        clearTimeout(timer);
        this.waiter = undefined;
        if (!woken && !this.closed && this.head >= this.buffer.length) return { idle: this.cursor! };
      }
    } catch (error) {
      await this.return();
      throw error;
    }
  }

  async return(): Promise<IteratorResult<BusEvent>> {
    if (!this.closed) {
      this.closed = true;
      this.buffer = [];
      this.head = 0;
      if (this.acquired) this.tail.release(this);
      this.waiter?.();
    }
    return DONE;
  }

  async throw(error?: unknown): Promise<IteratorResult<BusEvent>> {
    await this.return();
    throw error;
  }

  /** Called by the tail, in seq order, for every event after its offset. */
  offer(event: BusEvent): void {
    if (event.seq <= this.position) return;
    this.position = event.seq;
    try {
      if (!this.wants(event)) return;
    } catch (error) {
      this.failure = error;
      this.tail.detach(this);
      this.waiter?.();
      return;
    }
    this.buffer.push(event);
    if (this.buffer.length - this.head >= this.maxBuffered) {
      this.live = false;
      this.tail.detach(this);
    }
    this.waiter?.();
  }

  private begin(): void {
    if (this.after === undefined || this.after >= this.tail.offset) {
      this.position = this.after ?? this.tail.offset;
      this.join();
    } else {
      this.position = this.after;
    }
    this.taken = this.position;
  }

  private join(): void {
    if (this.closed) return;
    this.live = true;
    this.tail.attach(this);
  }

  /** Reads the log from the position up to the tail's settled offset; joins the tail once there. */
  private async replay(): Promise<void> {
    const upTo = this.tail.offset;
    if (this.position >= upTo) return this.join();
    const { sql, types } = this.options;
    const rows = await sql`
      select id, seq, type, subject, occurred_at, actor, data from bus.events
      where seq > ${this.position.toString()} and seq <= ${upTo.toString()}
      ${types ? sql`and type in ${sql(types as string[])}` : sql``}
      order by seq limit ${REPLAY_BATCH}`;
    if (this.closed) return;
    for (const row of rows) {
      const event = busEventOf(row);
      this.position = event.seq;
      if (this.wants(event)) this.buffer.push(event);
    }
    // Fewer rows than asked for: nothing else up to `upTo` is for this subscriber.
    if (rows.length < REPLAY_BATCH) this.position = upTo;
    if (this.position >= this.tail.offset) this.join();
  }

  private wants(event: BusEvent): boolean {
    const { types, filter, key } = this.options;
    return (!types || types.includes(event.type)) && (!key || key.of(event) === key.value) && (!filter || filter(event));
  }

  private take(): BusEvent {
    const event = this.buffer[this.head++]!;
    this.taken = event.seq;
    if (this.head === this.buffer.length) {
      this.buffer = [];
      this.head = 0;
    } else if (this.head > 1024) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
    return event;
  }
}
