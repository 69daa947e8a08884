/*
 * Progress on stderr. On a terminal: one bar redrawn in place (at most ten times a second). Anywhere
 * else (a pipe, a CI log): plain lines at the start and end of each stage and every tenth of it.
 */

export interface ProgressSink {
  /** The scan found `total` documents to go through. */
  start(total: number, files: number): void;
  /** A stage (order, payment, waybill, inventory) begins with `count` documents. */
  stage(name: string, count: number): void;
  /** One document is done. */
  tick(status: 'accepted' | 'rejected' | 'skipped'): void;
  /** A line to show above the bar. */
  note(line: string): void;
  end(): void;
}

interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export class Progress implements ProgressSink {
  private total = 0;
  private done = 0;
  private accepted = 0;
  private rejected = 0;
  private skipped = 0;
  private stageName = '';
  private stageCount = 0;
  private stageDone = 0;
  private nextLine = 0;
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly out: Output, private readonly tty = Boolean(out.isTTY)) {}

  start(total: number, files: number): void {
    this.total = total;
    this.line(`ceb-import: ${total} document${total === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`);
  }

  stage(name: string, count: number): void {
    this.stageName = name;
    this.stageCount = count;
    this.stageDone = 0;
    this.nextLine = Math.max(1, Math.ceil(count / 10));
    if (!this.tty) this.line(`ceb-import: ${name}: ${count} document${count === 1 ? '' : 's'}`);
    else this.draw(true);
  }

  tick(status: 'accepted' | 'rejected' | 'skipped'): void {
    this.done += 1;
    this.stageDone += 1;
    this[status] += 1;
    if (this.tty) {
      this.draw(this.done === this.total);
    } else if (this.stageDone === this.stageCount || this.stageDone % this.nextLine === 0) {
      this.line(`ceb-import: ${this.stageName}: ${this.stageDone}/${this.stageCount} — ${this.counts()}`);
    }
  }

  note(line: string): void {
    this.line(line);
  }

  end(): void {
    if (this.tty && this.drawn) {
      this.draw(true);
      this.out.write('\n');
      this.drawn = false;
    }
  }

  private counts(): string {
    return `${this.accepted} accepted, ${this.rejected} rejected${this.skipped ? `, ${this.skipped} skipped` : ''}`;
  }

  private line(text: string): void {
    if (this.tty && this.drawn) this.out.write('\r\x1b[2K');
    this.out.write(`${text}\n`);
    if (this.tty && this.drawn) this.draw(true);
  }

  private draw(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const ratio = this.total === 0 ? 1 : this.done / this.total;
    const width = Math.max(10, Math.min(40, (this.out.columns ?? 80) - 70));
    const filled = Math.round(ratio * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const text = `${this.stageName.padEnd(9)} ${bar} ${String(Math.floor(ratio * 100)).padStart(3)}% ${this.done}/${this.total}  ${this.counts()}`;
    this.out.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }
}

/** Shows nothing (tests, --quiet). */
export const silentProgress: ProgressSink = { start() {}, stage() {}, tick() {}, note() {}, end() {} };
