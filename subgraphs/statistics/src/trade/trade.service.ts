import { assertMayReadEnterprise, badInput, defineLoader, requireIdentity, type RequestContext, type Sql } from '@sw/kernel';
import { seesEveryCell } from '../common/access';
import type { StatDimension } from '../common/enums';
import { fenToMoney, growth, numericToFen, ratio } from '../common/money';
import {
  comparableSpan, countPeriods, sameLastYear, shanghaiDay, shiftPeriod, spansBetween, type Granularity, type PeriodSpan,
} from '../common/periods';
import { disclose, OTHER, type Cell } from './disclosure';
import type { StatRow, TradeSummary } from './trade.type';

/** The most periods one request may ask for: a year of days, eight years of weeks, any range of months and longer. */
export const MAX_PERIODS = 400;

/** The trade_daily column of each dimension (a fixed list: nothing from the caller reaches SQL text). */
const COLUMNS: Record<StatDimension, string> = {
  DIRECTION: 'direction', MODE: 'mode', REGION: 'region', COUNTRY: 'country', HS_CHAPTER: 'hs_chapter', ENTERPRISE_ROLE: 'enterprise_role',
};

export interface TradeQuery {
  from: string;
  to: string;
  granularity: Granularity;
  groupBy: StatDimension[];
}

interface Scope {
  /** Only these declaring enterprises, each on its own (tradeSummary, after the tenancy check). */
  usccs?: readonly string[];
  /** Pool small cells (disclosure control), for callers other than regulators. */
  protect: boolean;
}

/** A row of one enterprise's own figures (Scope.usccs). */
type EnterpriseRow = StatRow & { uscc?: string };

interface Span { key: string; from: string; to: string }

/**
 * Trade statistics from the day rollups (trade_daily), never from facts or events: one SQL query
 * per request aggregates the days of every period asked, of the previous periods and of the same
 * periods a year earlier, by the grouped dimensions; growth and shares are computed from those.
 */
export class TradeService {
  /** Summaries by `year|uscc`: the enterprises of one request in three queries per year, not three each. */
  private readonly summaries = defineLoader<string, TradeSummary>('statistics.tradeSummary', (keys) => this.summariesOf(keys));

  constructor(
    private readonly sql: Sql,
    private readonly minEnterprisesPerCell: number,
    private readonly clock: () => Date,
  ) {}

  /** tradeStatistics: every authenticated caller; small cells pooled for all but regulators. */
  async statistics(query: TradeQuery, context: RequestContext): Promise<StatRow[]> {
    const identity = requireIdentity(context);
    if (query.to < query.from) throw badInput('to', `must not be before from (${query.from}), got ${query.to}`);
    const seen = new Set<StatDimension>();
    for (const dimension of query.groupBy) {
      if (seen.has(dimension)) throw badInput('groupBy', `${dimension} is listed twice; name each dimension once`);
      seen.add(dimension);
    }
    const periods = countPeriods(query.from, query.to, query.granularity);
    if (periods > MAX_PERIODS) {
      throw badInput('granularity', `${periods} ${query.granularity} periods from ${query.from} to ${query.to}; at most ${MAX_PERIODS} per request: choose a coarser granularity or a shorter range`);
    }
    return this.rows(query, { protect: !seesEveryCell(identity) });
  }

  /** Enterprise.tradeSummary: the enterprise itself and regulators (a partner, later, under a TRADE_SUMMARY grant). */
  async summary(uscc: string, year: number | undefined, context: RequestContext): Promise<TradeSummary> {
    assertMayReadEnterprise(requireIdentity(context), uscc, 'tradeSummary');
    const thisYear = Number(this.today().slice(0, 4));
    const asked = year ?? thisYear;
    if (!Number.isInteger(asked) || asked < 2000 || asked > thisYear) throw badInput('year', `must be a year from 2000 to ${thisYear}, got ${asked}`);
    return (await context.loaders.get(this.summaries).load(`${asked}|${uscc}`))!;
  }

  private async summariesOf(keys: readonly string[]): Promise<Map<string, TradeSummary>> {
    const byYear = new Map<number, string[]>();
    for (const key of keys) {
      const [year, uscc] = key.split('|');
      byYear.set(Number(year), [...(byYear.get(Number(year)) ?? []), uscc]);
    }
    const found = new Map<string, TradeSummary>();
    for (const [year, usccs] of byYear) {
      const from = `${year}-01-01`;
      const to = this.clip(`${year}-12-31`);
      const scope: Scope = { usccs, protect: false };
      const totals = await this.rows({ from, to, granularity: 'YEAR', groupBy: [] }, scope);
      const byDirection = await this.rows({ from, to, granularity: 'YEAR', groupBy: ['DIRECTION'] }, scope);
      const months = await this.rows({ from, to, granularity: 'MONTH', groupBy: [] }, scope);
      for (const uscc of usccs) {
        const total = totals.find((row) => row.uscc === uscc);
        const direction = (value: string) => byDirection.find((row) => row.uscc === uscc && row.dimensions[0].value === value)?.value ?? '0.00';
        found.set(`${year}|${uscc}`, {
          uscc, year, to, count: total?.count ?? 0, value: total?.value ?? '0.00', importValue: direction('IMPORT'), exportValue: direction('EXPORT'),
          yearOnYear: total?.yearOnYear ?? null, settledInCnyShare: total?.settledInCnyShare ?? null,
          months: months.filter((row) => row.uscc === uscc).map(({ uscc: _, ...row }) => row),
        });
      }
    }
    return found;
  }

  /** The rows of a validated query: periods up to today, each with its comparisons. */
  private async rows(query: TradeQuery, scope: Scope): Promise<EnterpriseRow[]> {
    const to = this.clip(query.to);
    if (query.from > to) return [];
    const { granularity, groupBy } = query;
    const spans = spansBetween(query.from, to, granularity);
    const wanted: Span[] = [];
    for (const span of spans) {
      wanted.push({ key: `m|${span.period}`, from: span.from, to: span.to });
      const previous = comparableSpan(span, shiftPeriod(span.period, granularity, -1), granularity);
      if (previous) wanted.push({ key: `p|${span.period}`, ...previous });
      const lastYear = comparableSpan(span, sameLastYear(span.period, granularity), granularity);
      if (lastYear) wanted.push({ key: `y|${span.period}`, ...lastYear });
    }
    const cells = await this.cells(wanted, groupBy, scope);
    const shown = (key: string) => {
      const found = cells.get(key) ?? new Map<string, Cell>();
      return scope.protect ? disclose(found, this.minEnterprisesPerCell, groupBy.length) : { visible: found, other: undefined };
    };
    const rows: EnterpriseRow[] = [];
    for (const span of spans) {
      const main = shown(`m|${span.period}`);
      const previous = shown(`p|${span.period}`).visible;
      const lastYear = shown(`y|${span.period}`).visible;
      const ordered = [...main.visible.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [key, cell] of ordered) {
        rows.push(rowOf(span, groupBy, cell, growth(cell.value, previous.get(key)?.value), growth(cell.value, lastYear.get(key)?.value)));
      }
      if (main.other) rows.push(rowOf(span, groupBy, main.other, null, null));
    }
    return rows;
  }

  /** Sums trade_daily over each span by the grouped dimensions (and by enterprise when cells are protected). */
  private async cells(spans: Span[], groupBy: StatDimension[], scope: Scope): Promise<Map<string, Map<string, Cell>>> {
    const result = new Map<string, Map<string, Cell>>();
    if (spans.length === 0) return result;
    // Per enterprise, the enterprise is a leading dimension of its own.
    const columns = [...(scope.usccs ? ['r.uscc::text'] : []), ...groupBy.map((dimension) => `r.${COLUMNS[dimension]}`)];
    const byEnterprise = scope.protect;
    // The grain: the chapter rows only when grouping by chapter, the role rows only when grouping by role.
    const chapterGrain = groupBy.includes('HS_CHAPTER') ? `r.hs_chapter <> '*'` : `r.hs_chapter = '*'`;
    const roleGrain = groupBy.includes('ENTERPRISE_ROLE') ? `r.enterprise_role <> '*'` : `r.enterprise_role = '*'`;
    const params: (string | readonly string[])[] = [spans.map((s) => s.key), spans.map((s) => s.from), spans.map((s) => s.to)];
    if (scope.usccs) params.push(scope.usccs);
    const text = `
      select v.key, ${[...columns.map((column, i) => `${column} as d${i}`), byEnterprise ? 'r.uscc::text as uscc' : `null as uscc`].join(', ')},
             sum(r.declarations)::int as declarations, sum(r.value_cny)::text as value, sum(r.cny_value)::text as cny
      from unnest($1::text[], $2::date[], $3::date[]) as v(key, f, t)
      join statistics.trade_daily r on r.day between v.f and v.t
      where ${chapterGrain} and ${roleGrain}${scope.usccs ? ' and r.uscc = any($4::text[])' : ''}
      group by v.key${columns.map((column) => `, ${column}`).join('')}${byEnterprise ? ', r.uscc' : ''}`;
    const rows = await this.sql.unsafe(text, params as never[]);
    for (const row of rows) {
      const dims = columns.map((_, i) => String(row[`d${i}`]));
      const key = dims.join('\u0000');
      let bySpan = result.get(row.key);
      if (!bySpan) result.set(row.key, (bySpan = new Map()));
      let cell = bySpan.get(key);
      if (!cell) bySpan.set(key, (cell = { dims, declarations: 0, value: 0n, cny: 0n, enterprises: new Set() }));
      cell.declarations += row.declarations;
      cell.value += numericToFen(row.value);
      cell.cny += numericToFen(row.cny);
      if (row.uscc) cell.enterprises.add(row.uscc);
    }
    return result;
  }

  private today(): string {
    return shanghaiDay(this.clock());
  }

  /** Nothing is cleared in the future: a range ends today at the latest, so the current period compares like with like. */
  private clip(to: string): string {
    const today = this.today();
    return to > today ? today : to;
  }
}

function rowOf(span: PeriodSpan, groupBy: StatDimension[], cell: Cell, growthValue: number | null, yearOnYear: number | null): EnterpriseRow {
  // A leading enterprise dimension (Scope.usccs) is the row's uscc, not one of its dimensions.
  const offset = cell.dims.length - groupBy.length;
  return {
    ...(offset > 0 ? { uscc: cell.dims[0] } : {}),
    period: span.period,
    from: span.from,
    to: span.to,
    dimensions: groupBy.map((dimension, i) => ({ dimension, value: cell.dims[i + offset] ?? OTHER })),
    count: cell.declarations,
    value: fenToMoney(cell.value),
    growth: growthValue,
    yearOnYear,
    settledInCnyShare: ratio(cell.cny, cell.value),
  };
}
