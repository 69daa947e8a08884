import type { Logger, Sql } from '@sw/kernel';
import { recomputeProfile } from '../profile/recompute';

const BATCH = 100;

/**
 * Decay moves scores as days pass, without any new input. A profile whose inputs decay carries
 * `refresh_due_at`; this job recomputes only the profiles that are due, each in its own
 * transaction (so grade changes are published as they happen), never all of them.
 */
export class RefreshJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(private readonly sql: Sql, private readonly logger: Logger, private readonly intervalMinutes: number) {}

  start(): void {
    if (this.intervalMinutes === 0 || this.timer) return;
    const tick = () => {
      this.running = this.runOnce().catch((error) => {
        this.logger.error({ err: error }, 'credit refresh failed; retrying at the next interval');
        return 0;
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

  /** Recomputes every profile due now; returns how many. Replicas claim different profiles. */
  async runOnce(now = new Date()): Promise<number> {
    let done = 0;
    for (;;) {
      // Claimed profiles are pushed an hour ahead, so a crash mid-batch is retried later, not lost.
      const claimed = await this.sql`
        update credit.profiles set refresh_due_at = ${now}::timestamptz + interval '1 hour'
        where uscc in (
          select uscc from credit.profiles where refresh_due_at <= ${now}
          order by refresh_due_at limit ${BATCH} for update skip locked)
        returning uscc`;
      for (const { uscc } of claimed) {
        await this.sql.begin((tx) => recomputeProfile(tx, uscc, 'older records decayed', 'system', now));
        done += 1;
      }
      if (claimed.length < BATCH) break;
    }
    if (done > 0) this.logger.info({ recomputed: done }, 'credit profiles refreshed for decay');
    return done;
  }
}
