import { createHash } from 'node:crypto';
import { publish, type Logger } from '@sw/kernel';
import type { DataSource } from 'typeorm';
import type { SaicRecordData } from '../saic/saic.client';
import type { TaxRatingData } from '../tax/tax.client';

type Source = 'saic' | 'tax';

/**
 * The credit subgraph grades enterprises on what SAIC and the tax bureau say, without calling them:
 * this service publishes an agency answer as a credit input the first time it is read and again
 * whenever it changes. The fingerprint of what was last published sits in
 * `agencies.watched_enterprises`, locked while compared, so an unchanged answer is never published
 * again, not even by two replicas reading it at once.
 */
export class CreditInputs {
  constructor(private readonly db: DataSource, private readonly logger: Logger) {}

  /** Publishes the record's status and publicity-list entries when first seen or changed; true when it did. */
  observeSaic(uscc: string, record: SaicRecordData | null, actor: string): Promise<boolean> {
    if (!record) return this.watch(uscc);
    const data = {
      uscc,
      status: record.status,
      publicityEntries: record.publicityEntries.map(({ list, reason, listedOn, removedOn, authority }) => ({ list, reason, listedOn, removedOn, authority })),
    };
    return this.observe('saic', uscc, data, actor, (first, observedAt) => ({ type: 'agencies.saic-record.observed', data: { ...data, first, observedAt } }));
  }

  /** Publishes the tax credit rating when first seen or changed; true when it did. */
  observeTaxRating(uscc: string, rating: TaxRatingData | null, actor: string): Promise<boolean> {
    if (!rating) return this.watch(uscc);
    const data = { uscc, rating: rating.rating, score: rating.score, year: rating.year, assessedOn: rating.assessedOn };
    return this.observe('tax', uscc, data, actor, (first, observedAt) => ({ type: 'agencies.tax-rating.observed', data: { ...data, first, observedAt } }));
  }

  /**
   * Claims up to `limit` watched enterprises not refreshed since `cutoff`, marking them refreshed
   * now: replicas running the job at once claim different ones, and a run never claims one twice.
   */
  async claimDue(limit: number, cutoff: Date): Promise<string[]> {
    // A select around the update: TypeORM answers a bare UPDATE with [rows, count].
    const rows: { uscc: string }[] = await this.db.query(`
      with claimed as (
        update agencies.watched_enterprises set last_refreshed_at = now()
        where uscc in (
          select uscc from agencies.watched_enterprises
          where last_refreshed_at is null or last_refreshed_at < $2
          order by last_refreshed_at nulls first
          limit $1
          for update skip locked)
        returning uscc)
      select uscc from claimed`, [limit, cutoff]);
    return rows.map((row) => row.uscc);
  }

  private async watch(uscc: string): Promise<false> {
    await this.db.query(`insert into agencies.watched_enterprises (uscc) values ($1) on conflict do nothing`, [uscc]);
    return false;
  }

  private observe(source: Source, uscc: string, published: unknown, actor: string,
    event: (first: boolean, observedAt: string) => { type: 'agencies.saic-record.observed' | 'agencies.tax-rating.observed'; data: Record<string, unknown> }): Promise<boolean> {
    const fingerprint = createHash('sha256').update(canonicalJson(published)).digest('hex');
    const column = `${source}_fingerprint`;
    return this.db.transaction(async (manager) => {
      await manager.query(`insert into agencies.watched_enterprises (uscc) values ($1) on conflict do nothing`, [uscc]);
      const [row] = await manager.query(`select ${column} as fingerprint from agencies.watched_enterprises where uscc = $1 for update`, [uscc]);
      if (row.fingerprint === fingerprint) return false;
      await manager.query(`update agencies.watched_enterprises set ${column} = $2, ${source}_published_at = now() where uscc = $1`, [uscc, fingerprint]);
      const { type, data } = event(row.fingerprint === null, new Date().toISOString());
      await publish(manager, { type, subject: uscc, actor, data });
      this.logger.debug({ type, uscc }, 'credit input published');
      return true;
    });
  }
}

/** JSON with object keys sorted, so equal data always hashes alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
