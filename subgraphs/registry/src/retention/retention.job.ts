import { publish, type Logger } from '@sw/kernel';
import type { DataSource, EntityManager } from 'typeorm';

export interface RetentionOptions {
  /** Days personal data is kept; 0 keeps it forever (the job does nothing). */
  retentionDays: number;
  /** Minutes between runs while the service runs. */
  intervalMinutes: number;
  /** Rows per transaction. */
  batchSize?: number;
}

export interface RetentionResult {
  /** Individuals anonymised by this run. */
  persons: number;
  /** Revoked enterprises whose legal representative and contact phone were erased by this run. */
  enterprises: number;
}

const DEFAULT_BATCH_SIZE = 500;

interface AnonymisedRow {
  id: string;
  anonymised_at: Date;
}

/**
 * Erases personal data past its retention period (DESIGN, Security: "personal data has a retention
 * period after which it is erased or anonymised"):
 *
 * - an individual filed more than `retentionDays` ago is anonymised: its sealed name, ID number and
 *   phone become null, `anonymised_at` is set, and `registry.person.anonymised` is published in the
 *   same transaction. The id (a keyed hash) and the region stay, so statistics still count the person;
 * - a REVOKED enterprise filing revoked more than `retentionDays` ago loses its sealed legal
 *   representative and contact phone. Live filings keep theirs: the enterprise still trades.
 *   The period runs from the revocation (`updated_at`: a revoked filing never changes again), the
 *   later and so the more cautious of the two dates.
 *
 * Work goes in batches, one transaction each, rows taken `for update skip locked`, so several
 * replicas can run the job together and each row is erased (and its event published) once.
 */
export class RetentionJob {
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly db: DataSource, private readonly logger: Logger, private readonly options: RetentionOptions) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  get enabled(): boolean {
    return this.options.retentionDays > 0;
  }

  /** Runs once now (in the background, not delaying start) and then every interval until `stop()`. */
  start(): void {
    if (!this.enabled) {
      this.logger.info('PII_RETENTION_DAYS is 0: personal data is kept forever');
      return;
    }
    this.schedule(0);
  }

  /** Stops the schedule and waits for a batch in progress to commit; the rest waits for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running.catch(() => {});
  }

  /** One full run: everything due now, batch after batch. A call while a run is going waits for it, then runs. */
  run(): Promise<RetentionResult> {
    const next = this.running.catch(() => {}).then(() => this.runAll());
    this.running = next;
    return next;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.run()
        .catch((error: unknown) => this.logger.error({ err: error }, 'retention run failed; it is retried at the next interval'))
        .finally(() => {
          if (!this.stopped) this.schedule(this.options.intervalMinutes * 60_000);
        });
    }, delayMs);
    // The service's server keeps the process alive; the schedule alone must not.
    this.timer.unref();
  }

  private async runAll(): Promise<RetentionResult> {
    const result: RetentionResult = { persons: 0, enterprises: 0 };
    if (!this.enabled) return result;
    result.persons = await this.inBatches<AnonymisedRow>(ANONYMISE_PERSONS, (manager, rows) => this.publishAnonymised(manager, rows));
    result.enterprises = await this.inBatches(ERASE_REVOKED_ENTERPRISES);
    if (result.persons > 0 || result.enterprises > 0) {
      this.logger.info({ ...result, retentionDays: this.options.retentionDays }, 'personal data past its retention period erased');
    }
    return result;
  }

  /** Runs `statement` (which returns the rows it changed) one transaction per batch until a batch comes back short. */
  private async inBatches<Row>(statement: string, alongside?: (manager: EntityManager, rows: Row[]) => Promise<void>): Promise<number> {
    let total = 0;
    while (!this.stopped) {
      const count = await this.db.transaction(async (manager) => {
        const { records } = await manager.queryRunner!.query(statement, [this.options.retentionDays, this.batchSize], true);
        const rows = records as Row[];
        if (alongside && rows.length > 0) await alongside(manager, rows);
        return rows.length;
      });
      total += count;
      if (count < this.batchSize) break;
    }
    return total;
  }

  private async publishAnonymised(manager: EntityManager, rows: AnonymisedRow[]): Promise<void> {
    for (const row of rows) {
      await publish(manager, {
        type: 'registry.person.anonymised', subject: row.id, actor: 'system',
        data: { personId: row.id, anonymisedAt: new Date(row.anonymised_at).toISOString() },
      });
    }
  }
}

/** $1 = retention days, $2 = batch size. The check constraint on persons keeps the erasure all or nothing. */
const ANONYMISE_PERSONS = `
  with due as (
    select id from registry.persons
    where anonymised_at is null and filed_at < now() - make_interval(days => $1::int)
    order by filed_at, id
    limit $2
    for update skip locked)
  update registry.persons p
  set name_enc = null, id_number_enc = null, phone_enc = null, anonymised_at = now()
  from due where p.id = due.id
  returning p.id, p.anonymised_at`;

const ERASE_REVOKED_ENTERPRISES = `
  with due as (
    select uscc from registry.enterprises
    where filing_status = 'REVOKED' and updated_at < now() - make_interval(days => $1::int)
      and (legal_representative_enc is not null or contact_phone_enc is not null)
    order by updated_at, uscc
    limit $2
    for update skip locked)
  update registry.enterprises e
  set legal_representative_enc = null, contact_phone_enc = null
  from due where e.uscc = due.uscc
  returning e.uscc`;
