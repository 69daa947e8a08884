import type { Logger } from '@sw/kernel';

/**
 * Runs `task` every `intervalMs` while the service runs (0 turns it off), one run at a time;
 * `stop()` waits for a run in progress. A failing run is logged and the schedule goes on.
 */
export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly name: string, private readonly intervalMs: number, private readonly logger: Logger, private readonly task: () => Promise<unknown>) {}

  /** The first run comes after one interval: at start-up nothing is due yet. */
  start(): void {
    if (this.intervalMs <= 0) {
      this.logger.info({ job: this.name }, 'periodic job turned off');
      return;
    }
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running.catch(() => {});
  }

  /** One run now, after any run in progress. */
  run(): Promise<unknown> {
    const next = this.running.catch(() => {}).then(() => this.task());
    this.running = next;
    return next;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.run()
        .catch((error) => this.logger.warn({ err: error, job: this.name }, 'periodic job failed; it runs again next interval'))
        .finally(() => {
          if (!this.stopped) this.schedule();
        });
    }, this.intervalMs);
    this.timer.unref();
  }
}
