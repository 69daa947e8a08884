import type { Logger } from '@sw/kernel';
import { GraphQLError, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import { ClientStream } from './client-stream';
import type { EventResolver } from './events';
import type { Upstream } from './upstream';

/**
 * Events of one stream resolved at a time; results still go out in order. Their entity fetches
 * at the same moment share requests (BatchingDataSource), so a busy stream batches itself.
 */
const REST_CONCURRENCY = 32;

/**
 * Bounds the events being resolved at once across every stream of the gateway (each is one or
 * more subgraph requests): past that, events wait in their stream's bounded queue, first come
 * first served, instead of thousands of requests fighting for the CPU at once.
 */
export class RestLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

interface Pending {
  event: FormattedExecutionResult;
  result?: ExecutionResult;
}

/**
 * One upstream stream and the clients that share it (same operation, variables and caller).
 * Each event is resolved once for the whole group and the same result goes to every client,
 * in event order. The last client to leave closes the stream.
 */
export class SharedSubscription {
  private readonly clients = new Set<ClientStream>();
  private readonly pending: Pending[] = [];
  private started = 0;
  private running = 0;
  private closed = false;
  private ending?: { last?: ExecutionResult; done: Promise<void> };
  private finish?: () => void;
  /** Events resolved (Rest executions), for tests and the benchmark. */
  resolved = 0;

  constructor(
    readonly key: string,
    private readonly upstream: Upstream,
    private readonly resolver: EventResolver,
    private readonly maxPending: number,
    private readonly limiter: RestLimiter,
    private readonly onEmpty: (group: SharedSubscription) => void,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  get connections(): number {
    return this.upstream.connections;
  }

  /** Whether a reconnection would resume from a known position. */
  get resumable(): boolean {
    return this.upstream.lastCursor !== undefined;
  }

  /** Adds a client; `onOverflow` disconnects it when it stops reading. */
  join(limit: number, onOverflow: () => void): ClientStream {
    const overflow = () => {
      this.logger.warn({ group: this.key.slice(0, 12), limit }, 'subscription: a client that does not read its socket was disconnected');
      onOverflow();
    };
    const client = new ClientStream(limit, overflow, (stream) => this.leave(stream));
    this.clients.add(client);
    return client;
  }

  /** Upstream events, in order. */
  event(event: FormattedExecutionResult): void {
    if (this.closed || this.ending) return;
    if (this.pending.length >= this.maxPending) {
      this.logger.warn({ group: this.key.slice(0, 12), pending: this.pending.length }, 'subscription: events arrive faster than they can be resolved; ending the stream');
      void this.end([{ message: 'the gateway could not resolve this subscription\'s events as fast as they arrived; resubscribe with after: <last cursor>', extensions: { code: 'UPSTREAM_UNAVAILABLE' } }]);
      return;
    }
    this.pending.push({ event });
    this.pump();
  }

  /**
   * The stream ended: clients get the events still being resolved, then the errors if any,
   * then completion.
   */
  end(errors?: readonly GraphQLFormattedError[]): Promise<void> {
    if (this.closed) return Promise.resolve();
    const last = errors?.length ? { errors: errors.map((error) => new GraphQLError(error.message, { path: error.path, extensions: error.extensions })) } : undefined;
    if (this.ending) return this.ending.done;
    let done!: () => void;
    this.ending = { last, done: new Promise<void>((resolve) => (done = resolve)).then(() => this.close()) };
    this.finish = done;
    this.flush();
    return this.ending.done;
  }

  /** Ends at once (the gateway is stopping): clients get the errors; events being resolved are dropped. */
  abort(errors: readonly GraphQLFormattedError[]): Promise<void> {
    if (this.closed) return Promise.resolve();
    const last = { errors: errors.map((error) => new GraphQLError(error.message, { extensions: error.extensions })) };
    for (const client of [...this.clients]) client.end(last);
    return this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pending.length = 0;
    this.finish?.();
    this.onEmpty(this);
    await this.upstream.stop().catch((error) => this.logger.warn({ err: error }, 'subscription: closing the upstream failed'));
  }

  private leave(client: ClientStream): void {
    this.clients.delete(client);
    if (this.clients.size === 0) void this.close();
  }

  private pump(): void {
    while (this.running < REST_CONCURRENCY && this.started < this.pending.length) {
      const item = this.pending[this.started++]!;
      this.running++;
      // A stream closed while its events waited for their turn does not resolve them.
      void this.limiter.run(async () => (this.closed ? {} : this.resolver.resolve(item.event))).then((result) => {
        this.running--;
        item.result = result;
        this.resolved++;
        this.flush();
        this.pump();
      });
    }
  }

  /** Sends every resolved result at the head of the line, so clients see events in order. */
  private flush(): void {
    while (this.pending.length > 0 && this.pending[0]!.result) {
      const { result } = this.pending.shift()!;
      this.started--;
      for (const client of this.clients) client.push(result!);
    }
    if (this.ending && this.pending.length === 0) {
      for (const client of [...this.clients]) client.end(this.ending.last);
      this.finish?.();
    }
  }
}
