import type { Logger } from '@sw/kernel';
import type { SaicService } from '../saic/saic.service';
import type { TaxService } from '../tax/tax.service';
import type { CreditInputs } from './credit-inputs.service';

export interface RefreshResult {
  /** Enterprises asked about in this run. */
  enterprises: number;
  /** Agency reads that failed (the enterprise is asked again next run). */
  failures: number;
}

const BATCH = 100;

/**
 * Asks the agencies again about every enterprise read before (agencies.watched_enterprises), so a
 * change of SAIC status, publicity-list entries or tax rating reaches the credit subgraph even when
 * nobody reads it: the reads publish what changed (CreditInputs). Enterprises are claimed in
 * batches with `skip locked`, so replicas share the work.
 */
export class RefreshJob {
  constructor(
    private readonly inputs: CreditInputs,
    private readonly saic: SaicService,
    private readonly tax: TaxService,
    private readonly logger: Logger,
    private readonly everyMinutes: number,
  ) {}

  /** Refreshes every watched enterprise not refreshed within the interval. */
  async runOnce(): Promise<RefreshResult> {
    const result: RefreshResult = { enterprises: 0, failures: 0 };
    // A little under one interval, so that the scheduler's own jitter does not skip an enterprise for a round.
    const cutoff = new Date(Date.now() - Math.max(0, this.everyMinutes - 1) * 60_000);
    for (;;) {
      const due = await this.inputs.claimDue(BATCH, cutoff);
      if (due.length === 0) break;
      for (const uscc of due) {
        result.enterprises += 1;
        for (const read of [() => this.saic.read(uscc, 'system', true), () => this.tax.rating(uscc, 'system', true)]) {
          await read().catch(() => {
            result.failures += 1;
          });
        }
      }
      if (due.length < BATCH) break;
    }
    if (result.enterprises > 0) this.logger.info({ ...result }, 'agency answers refreshed');
    return result;
  }
}
