import type { ExecutionResult } from 'graphql';

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

/**
 * One client's view of a shared subscription: the results waiting to be written to its socket.
 * graphql-ws takes the next one only once the previous one was written, so a client that does
 * not read its socket lets them pile up here; at `limit` it is overflowing and `onOverflow`
 * disconnects it, instead of holding more for it.
 */
export class ClientStream implements AsyncIterableIterator<ExecutionResult> {
  private queue: ExecutionResult[] = [];
  private head = 0;
  private ended = false;
  private closed = false;
  private waiter?: () => void;

  constructor(
    private readonly limit: number,
    private readonly onOverflow: () => void,
    private readonly onClose: (stream: ClientStream) => void,
  ) {}

  [Symbol.asyncIterator](): AsyncIterableIterator<ExecutionResult> {
    return this;
  }

  /** Results waiting for the client. */
  get waiting(): number {
    return this.queue.length - this.head;
  }

  push(result: ExecutionResult): void {
    if (this.closed || this.ended) return;
    if (this.waiting >= this.limit) {
      this.close();
      this.onOverflow();
      return;
    }
    this.queue.push(result);
    this.wake();
  }

  /** The stream has no more events: a last result (errors, say) is delivered first. */
  end(last?: ExecutionResult): void {
    if (this.closed || this.ended) return;
    if (last) this.queue.push(last);
    this.ended = true;
    this.wake();
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    for (;;) {
      if (this.closed) return DONE;
      if (this.head < this.queue.length) return { value: this.take(), done: false };
      if (this.ended) {
        this.close();
        return DONE;
      }
      await new Promise<void>((resolve) => (this.waiter = resolve));
      this.waiter = undefined;
    }
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.close();
    return DONE;
  }

  async throw(): Promise<IteratorResult<ExecutionResult>> {
    this.close();
    return DONE;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.head = 0;
    this.wake();
    this.onClose(this);
  }

  private wake(): void {
    this.waiter?.();
  }

  private take(): ExecutionResult {
    const result = this.queue[this.head++]!;
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head >= 1024) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return result;
  }
}
