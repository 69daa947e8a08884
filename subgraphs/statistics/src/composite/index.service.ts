import { badInput, requireIdentity, type RequestContext, type Sql } from '@sw/kernel';
import { numericToFen } from '../common/money';
import {
  comparableSpan, isPeriod, periodBounds, periodOf, sameLastYear, shanghaiDay, shiftPeriod, type PeriodSpan,
} from '../common/periods';
import { GRADES, RISK_CLASSES, type CreditGrade, type RiskClass } from '../events/population';
import { compose, levelsOf, type ComponentValue, type Levels, type Measures } from './method';
import type { CompositeIndex } from './index.type';

export interface IndexServiceOptions {
  basePeriod: string;
  clock: () => Date;
  /** Whether the consumer has applied everything on the bus: a month is published only from complete rollups. */
  caughtUp: () => Promise<boolean>;
}

/**
 * The composite index (INDEX.md). The current month answers a provisional figure computed on
 * every read; a closed month is published once, into published_indices, by the publish job or
 * on its first read, and from then on answers that stored figure whatever arrives later.
 */
export class IndexService {
  constructor(private readonly sql: Sql, private readonly options: IndexServiceOptions) {}

  /** compositeIndex: every authenticated caller (the index is an aggregate over the whole zone). */
  async compositeIndex(period: string, context: RequestContext): Promise<CompositeIndex | null> {
    requireIdentity(context);
    if (!isPeriod(period, 'MONTH')) throw badInput('period', `the composite index is monthly: write the month as YYYY-MM, e.g. 2026-11, got ${JSON.stringify(period)}`);
    const current = this.currentMonth();
    if (period > current) return null;
    if (period === current) return this.provisional(period);
    return (await this.published(period)) ?? (await this.publish(period, 'first read'));
  }

  /**
   * Publishes a closed month unless it already is; returns what is published. While the consumer
   * is behind the log, nothing is published and the figure answers as provisional.
   */
  async publish(period: string, by: string): Promise<CompositeIndex> {
    if (period >= this.currentMonth()) throw new Error(`${period} has not closed yet; only closed months are published`);
    if (!(await this.options.caughtUp())) return this.provisional(period);
    const computed = await this.compute(period);
    await this.sql`
      insert into statistics.published_indices (period, base_period, value, components, published_at, published_by)
      values (${period}, ${this.options.basePeriod}, ${computed.value}, ${this.sql.json(computed.components as never)}, ${this.options.clock()}, ${by})
      on conflict (period) do nothing`;
    return (await this.published(period))!;
  }

  /** The last closed month, published if it is not yet (the publish job's one step); returns the period when it was just published. */
  async publishLastClosed(): Promise<string | null> {
    const period = shiftPeriod(this.currentMonth(), 'MONTH', -1);
    if (await this.published(period)) return null;
    const published = await this.publish(period, 'publish job');
    return published.provisional ? null : period;
  }

  async published(period: string): Promise<CompositeIndex | null> {
    const [row] = await this.sql`
      select period, base_period, value, components, published_at from statistics.published_indices where period = ${period}`;
    if (!row) return null;
    return {
      period: row.period, value: row.value, provisional: false, components: row.components as ComponentValue[],
      basePeriod: row.base_period, publishedAt: row.published_at,
    };
  }

  private async provisional(period: string): Promise<CompositeIndex> {
    const computed = await this.compute(period);
    return { period, ...computed, provisional: true, basePeriod: this.options.basePeriod, publishedAt: null };
  }

  /** The index of `period` against the base period, from the rollups as they stand. */
  async compute(period: string): Promise<{ value: number; components: ComponentValue[] }> {
    const [month, base] = await Promise.all([this.levels(period), this.levels(this.options.basePeriod)]);
    return compose(month, base);
  }

  /** A month's levels; the current month counts up to today and compares with the same days of the others. */
  private async levels(period: string): Promise<Levels> {
    const { start, end } = periodBounds(period, 'MONTH');
    const today = shanghaiDay(this.options.clock());
    if (start > today) return levelsOf(emptyMeasures());
    const span: PeriodSpan = { period, from: start, to: end > today ? today : end };
    return levelsOf(await this.measures(span));
  }

  private async measures(span: PeriodSpan): Promise<Measures> {
    const spans = [
      { key: 'month', from: span.from, to: span.to },
      { key: 'previous', ...comparableSpan(span, shiftPeriod(span.period, 'MONTH', -1), 'MONTH') },
      { key: 'lastYear', ...comparableSpan(span, sameLastYear(span.period, 'MONTH'), 'MONTH') },
    ].filter((s): s is { key: string; from: string; to: string } => s.from !== undefined);
    const totals = await this.sql`
      select v.key, sum(r.value_cny)::text as value
      from unnest(${spans.map((s) => s.key)}::text[], ${spans.map((s) => s.from)}::date[], ${spans.map((s) => s.to)}::date[]) as v(key, f, t)
      join statistics.trade_daily r on r.day between v.f and v.t
      where r.hs_chapter = '*' and r.enterprise_role = '*'
      group by v.key`;
    const total = (key: string) => numericToFen(totals.find((row) => row.key === key)?.value);
    const byCountry = await this.sql`
      select sum(value_cny)::text as value from statistics.trade_daily
      where day between ${span.from} and ${span.to} and hs_chapter = '*' and enterprise_role = '*'
      group by country`;
    const byChapter = await this.sql`
      select sum(value_cny)::text as value from statistics.trade_daily
      where day between ${span.from} and ${span.to} and hs_chapter <> '*' and enterprise_role = '*'
      group by hs_chapter`;
    const [median] = await this.sql`
      select percentile_cont(0.5) within group (order by extract(epoch from released_at - coalesce(submitted_at, declared_at)) / 3600) as hours
      from statistics.clearance_times
      where release_day between ${span.from} and ${span.to}
        and coalesce(submitted_at, declared_at) is not null and released_at >= coalesce(submitted_at, declared_at)`;
    const population = await this.sql`
      select kind, class, sum(delta)::int as n from statistics.population_daily where day <= ${span.to} group by kind, class`;
    const count = (kind: string, cls: string) => population.find((row) => row.kind === kind && row.class === cls)?.n ?? 0;
    return {
      value: total('month'),
      previousValue: total('previous'),
      lastYearValue: total('lastYear'),
      byCountry: byCountry.map((row) => numericToFen(row.value)),
      byChapter: byChapter.map((row) => numericToFen(row.value)),
      medianClearanceHours: median?.hours === null || median?.hours === undefined ? null : Number(median.hours),
      grades: Object.fromEntries(GRADES.map((grade) => [grade, count('GRADE', grade)])) as Record<CreditGrade, number>,
      risks: Object.fromEntries(RISK_CLASSES.map((risk) => [risk, count('RISK', risk)])) as Record<RiskClass, number>,
    };
  }

  private currentMonth(): string {
    return periodOf(shanghaiDay(this.options.clock()), 'MONTH');
  }
}

function emptyMeasures(): Measures {
  return {
    value: 0n, previousValue: 0n, lastYearValue: 0n, byCountry: [], byChapter: [], medianClearanceHours: null,
    grades: { A: 0, B: 0, C: 0, D: 0 }, risks: { LOW: 0, MEDIUM: 0, HIGH: 0 },
  };
}
