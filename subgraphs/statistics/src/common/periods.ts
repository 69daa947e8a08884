/**
 * Calendar periods in Asia/Shanghai (API.md): a day `2026-11-25`, an ISO 8601 week `2026-W48`
 * (Monday to Sunday, in the ISO week-numbering year), a month `2026-11`, a quarter `2026-Q4` and a
 * year `2026`. Days are plain YYYY-MM-DD strings, computed on UTC midnights so that no local
 * offset creeps in; an instant becomes a day through `shanghaiDay`.
 */
export type Granularity = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';
export const GRANULARITIES: readonly Granularity[] = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'];

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const shanghai = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day of an instant in Asia/Shanghai, YYYY-MM-DD. */
export function shanghaiDay(instant: Date): string {
  return shanghai.format(instant);
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const toMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const ofMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return ofMs(toMs(day) + days * DAY_MS);
}

/** Whole days from `from` to `to`; negative when `from` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toMs(to) - toMs(from)) / DAY_MS);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO weekday, Monday 1 … Sunday 7. */
function isoWeekday(day: string): number {
  return ((new Date(toMs(day)).getUTCDay() + 6) % 7) + 1;
}

/** The Monday that starts ISO week 1 of `year` (the week holding 4 January). */
function isoYearStart(year: number): string {
  const jan4 = `${pad(year, 4)}-01-04`;
  return addDays(jan4, 1 - isoWeekday(jan4));
}

/** 52 or 53: the week of 28 December is the year's last. */
export function isoWeeksIn(year: number): number {
  return isoWeek(`${pad(year, 4)}-12-28`).week;
}

function isoWeek(day: string): { year: number; week: number } {
  // The week belongs to the year of its Thursday.
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = Number(thursday.slice(0, 4));
  return { year, week: Math.floor(daysBetween(isoYearStart(year), thursday) / 7) + 1 };
}

/** The label of the period of `granularity` holding `day`. */
export function periodOf(day: string, granularity: Granularity): string {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  switch (granularity) {
    case 'DAY': return day;
    case 'WEEK': {
      const { year, week } = isoWeek(day);
      return `${pad(year, 4)}-W${pad(week)}`;
    }
    case 'MONTH': return day.slice(0, 7);
    case 'QUARTER': return `${pad(y, 4)}-Q${Math.floor((m - 1) / 3) + 1}`;
    case 'YEAR': return day.slice(0, 4);
  }
}

const LABELS: Record<Granularity, RegExp> = {
  DAY: ISO_DATE,
  WEEK: /^(\d{4})-W(\d{2})$/,
  MONTH: /^(\d{4})-(0[1-9]|1[0-2])$/,
  QUARTER: /^(\d{4})-Q([1-4])$/,
  YEAR: /^(\d{4})$/,
};

/** Whether `label` is a period of `granularity` written as API.md writes it. */
export function isPeriod(label: string, granularity: Granularity): boolean {
  const match = LABELS[granularity].exec(label);
  if (!match) return false;
  if (granularity === 'DAY') return isIsoDate(label);
  if (granularity === 'WEEK') return Number(match[2]) >= 1 && Number(match[2]) <= isoWeeksIn(Number(match[1]));
  return true;
}

/** First and last day of a period. */
export function periodBounds(label: string, granularity: Granularity): { start: string; end: string } {
  const y = Number(label.slice(0, 4));
  switch (granularity) {
    case 'DAY': return { start: label, end: label };
    case 'WEEK': {
      const start = addDays(isoYearStart(y), (Number(label.slice(6)) - 1) * 7);
      return { start, end: addDays(start, 6) };
    }
    case 'MONTH': {
      const m = Number(label.slice(5, 7));
      return { start: `${label}-01`, end: ofMs(Date.UTC(y, m, 1) - DAY_MS) };
    }
    case 'QUARTER': {
      const q = Number(label.slice(6));
      return { start: `${pad(y, 4)}-${pad(q * 3 - 2)}-01`, end: ofMs(Date.UTC(y, q * 3, 1) - DAY_MS) };
    }
    case 'YEAR': return { start: `${label}-01-01`, end: `${label}-12-31` };
  }
}

/** The period `n` periods after `label` (before, for negative `n`). */
export function shiftPeriod(label: string, granularity: Granularity, n: number): string {
  const y = Number(label.slice(0, 4));
  switch (granularity) {
    case 'DAY': return addDays(label, n);
    case 'WEEK': return periodOf(addDays(periodBounds(label, 'WEEK').start, 7 * n), 'WEEK');
    case 'MONTH': {
      const index = y * 12 + Number(label.slice(5, 7)) - 1 + n;
      return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
    }
    case 'QUARTER': {
      const index = y * 4 + Number(label.slice(6)) - 1 + n;
      return `${pad(Math.floor(index / 4), 4)}-Q${(index % 4) + 1}`;
    }
    case 'YEAR': return pad(y + n, 4);
  }
}

/**
 * The same period one year earlier: the same date, ISO week number, month, quarter or the previous
 * year. Null when it does not exist (29 February, week 53 of a 52-week year).
 */
export function sameLastYear(label: string, granularity: Granularity): string | null {
  const y = Number(label.slice(0, 4)) - 1;
  switch (granularity) {
    case 'DAY': {
      const day = `${pad(y, 4)}${label.slice(4)}`;
      return isIsoDate(day) ? day : null;
    }
    case 'WEEK': {
      const week = Number(label.slice(6));
      return week <= isoWeeksIn(y) ? `${pad(y, 4)}-W${pad(week)}` : null;
    }
    case 'MONTH': return shiftPeriod(label, 'MONTH', -12);
    case 'QUARTER': return shiftPeriod(label, 'QUARTER', -4);
    case 'YEAR': return pad(y, 4);
  }
}

/** The part of one period that a range covers. */
export interface PeriodSpan {
  period: string;
  /** First and last day counted, inside the period. */
  from: string;
  to: string;
}

/** Every period that [from, to] touches, each clipped to the range. */
export function spansBetween(from: string, to: string, granularity: Granularity): PeriodSpan[] {
  const spans: PeriodSpan[] = [];
  for (let period = periodOf(from, granularity); ; period = shiftPeriod(period, granularity, 1)) {
    const { start, end } = periodBounds(period, granularity);
    if (start > to) break;
    spans.push({ period, from: start < from ? from : start, to: end > to ? to : end });
  }
  return spans;
}

/** How many periods [from, to] touches, without listing them. */
export function countPeriods(from: string, to: string, granularity: Granularity): number {
  switch (granularity) {
    case 'DAY': return daysBetween(from, to) + 1;
    case 'WEEK': return Math.floor(daysBetween(periodBounds(periodOf(from, 'WEEK'), 'WEEK').start, to) / 7) + 1;
    case 'MONTH': return monthIndex(to) - monthIndex(from) + 1;
    case 'QUARTER': return Math.floor(monthIndex(to) / 3) - Math.floor(monthIndex(from) / 3) + 1;
    case 'YEAR': return Number(to.slice(0, 4)) - Number(from.slice(0, 4)) + 1;
  }
}

const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;

/**
 * The days of `target` that compare with `span`: the same offsets from the period's first day,
 * cut at the target period's end. A whole month compares with the whole previous month; the
 * first 25 days of a month with the first 25 of the other. Null when the target period has no
 * such days (the 30th of a month against February).
 */
export function comparableSpan(span: PeriodSpan, target: string | null, granularity: Granularity): { from: string; to: string } | null {
  if (target === null) return null;
  const own = periodBounds(span.period, granularity);
  const other = periodBounds(target, granularity);
  const from = addDays(other.start, daysBetween(own.start, span.from));
  if (from > other.end) return null;
  const to = addDays(other.start, daysBetween(own.start, span.to));
  return { from, to: to > other.end ? other.end : to };
}
