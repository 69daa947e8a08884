import type { Logger } from '@sw/kernel';
import type { IndexService } from './index.service';

/**
 * Publishes the last closed month's composite index soon after the month closes (a first read
 * publishes it too, whichever comes first). Replicas may run it together: the first insert wins
 * and the others find it published.
 */
export class PublishJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly index: IndexService, private readonly logger: Logger, private readonly intervalMinutes: number) {}

  start(): void {
    if (this.intervalMinutes === 0 || this.timer) return;
    const tick = () => {
      this.running = this.runOnce().catch((error) => {
        this.logger.error({ err: error }, 'publishing the composite index failed; retrying at the next interval');
      });
    };
    tick();
    this.timer = setInterval(tick, this.intervalMinutes * 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async runOnce(): Promise<void> {
    const period = await this.index.publishLastClosed();
    if (period) this.logger.info({ period }, 'composite index published');
  }
}
