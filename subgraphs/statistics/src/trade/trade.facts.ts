import { usccProblem, type BusEvent, type Logger } from '@sw/kernel';
import { fenToMoney, isMoney, numericToFen, toFen } from '../common/money';
import { shanghaiDay } from '../common/periods';
import type { Tx } from '../events/tx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DIRECTIONS = ['IMPORT', 'EXPORT'];
const MODES = ['MODE_9610', 'MODE_9710', 'MODE_9810', 'MODE_1210', 'MODE_1239'];
/** HS chapters run 01–97 (77 is reserved, but a chapter is taken as declared). */
const HS_CHAPTER = /^(0[1-9]|[1-8]\d|9[0-7])$/;
/** The grain marker: the row counts the declaration as a whole, not one chapter or one role. */
export const ALL = '*';
/** Region or role of an enterprise whose filing has not reached statistics. */
export const UNKNOWN = 'UNKNOWN';

/** A cleared declaration as statistics keeps it (trade_facts), region and roles as filed when it was counted. */
export interface TradeFact {
  declarationId: string;
  copNo: string;
  uscc: string;
  day: string;
  direction: string;
  mode: string;
  region: string;
  country: string;
  currency: string;
  valueFen: bigint;
  /** Value in fen per HS chapter, from the lines. */
  chapters: Map<string, bigint>;
  roles: string[];
  clearedAt: Date;
}

type Parsed = Omit<TradeFact, 'region' | 'roles'>;

/** The data of clearance.declaration.cleared, checked; a string names what is wrong with it. */
export function parseCleared(data: Record<string, unknown>): Parsed | string {
  const { declarationId, copNo, enterprise, direction, mode, country, currency, valueCny, lines, clearedAt } = data;
  if (typeof declarationId !== 'string' || !UUID.test(declarationId)) return 'declarationId must be a uuid';
  if (typeof enterprise !== 'string' || usccProblem(enterprise)) return 'enterprise must be a valid USCC';
  if (typeof direction !== 'string' || !DIRECTIONS.includes(direction)) return `direction must be one of ${DIRECTIONS.join(', ')}`;
  if (typeof mode !== 'string' || !MODES.includes(mode)) return `mode must be one of ${MODES.join(', ')}`;
  if (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country)) return 'country must be ISO 3166-1 alpha-2';
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return 'currency must be ISO 4217';
  if (!isMoney(valueCny)) return 'valueCny must be a non-negative decimal string with at most two places';
  const at = typeof clearedAt === 'string' ? new Date(clearedAt) : undefined;
  if (!at || Number.isNaN(at.getTime())) return 'clearedAt must be an ISO-8601 time';
  if (!Array.isArray(lines)) return 'lines must be a list of { hsChapter, valueCny }';
  const chapters = new Map<string, bigint>();
  for (const line of lines as { hsChapter?: unknown; valueCny?: unknown }[]) {
    if (typeof line?.hsChapter !== 'string' || !HS_CHAPTER.test(line.hsChapter) || !isMoney(line.valueCny)) {
      return 'every line needs hsChapter (two digits, 01–97) and valueCny (a decimal string)';
    }
    chapters.set(line.hsChapter, (chapters.get(line.hsChapter) ?? 0n) + toFen(line.valueCny));
  }
  return {
    declarationId: declarationId.toLowerCase(), copNo: typeof copNo === 'string' ? copNo : '', uscc: enterprise, day: shanghaiDay(at),
    direction, mode, country, currency, valueFen: toFen(valueCny), chapters, clearedAt: at,
  };
}

interface Contribution { hs: string; role: string; declarations: number; value: bigint; cny: bigint }

/**
 * What one declaration adds to trade_daily: the declaration once at each grain, as a whole
 * ('*', '*'), per chapter with its lines' value, per role of its enterprise, and per chapter and role.
 */
function contributions(fact: TradeFact): Contribution[] {
  const inCny = fact.currency === 'CNY';
  const rows: Contribution[] = [];
  const add = (hs: string, role: string, value: bigint) => rows.push({ hs, role, declarations: 1, value, cny: inCny ? value : 0n });
  for (const role of [ALL, ...fact.roles]) {
    add(ALL, role, fact.valueFen);
    for (const [chapter, value] of fact.chapters) add(chapter, role, value);
  }
  return rows;
}

/** Adds (sign 1) or takes away (sign −1) a declaration's contributions; rows that reach zero go. */
async function applyContributions(tx: Tx, fact: TradeFact, sign: 1 | -1): Promise<void> {
  const rows = contributions(fact);
  const big = BigInt(sign);
  await tx`
    insert into statistics.trade_daily (day, hs_chapter, enterprise_role, direction, mode, region, country, uscc, declarations, value_cny, cny_value)
    select ${fact.day}::date, x.hs, x.role, ${fact.direction}, ${fact.mode}, ${fact.region}, ${fact.country}, ${fact.uscc}, x.n, x.v, x.c
    from unnest(
      ${rows.map((row) => row.hs)}::text[], ${rows.map((row) => row.role)}::text[], ${rows.map((row) => String(row.declarations * sign))}::int[],
      ${rows.map((row) => fenToMoney(row.value * big))}::numeric[], ${rows.map((row) => fenToMoney(row.cny * big))}::numeric[]
    ) as x(hs, role, n, v, c)
    on conflict (day, hs_chapter, enterprise_role, direction, mode, region, country, uscc) do update set
      declarations = statistics.trade_daily.declarations + excluded.declarations,
      value_cny = statistics.trade_daily.value_cny + excluded.value_cny,
      cny_value = statistics.trade_daily.cny_value + excluded.cny_value`;
  await tx`delete from statistics.trade_daily where day = ${fact.day} and uscc = ${fact.uscc} and declarations = 0`;
}

function factOfRow(row: Record<string, any>): TradeFact {
  return {
    declarationId: row.declaration_id, copNo: row.cop_no, uscc: row.uscc, day: row.day, direction: row.direction, mode: row.mode,
    region: row.region, country: row.country, currency: row.currency, valueFen: numericToFen(row.value_cny),
    chapters: new Map(Object.entries(row.chapters as Record<string, string>).map(([chapter, value]) => [chapter, toFen(value)])),
    roles: row.roles, clearedAt: row.cleared_at,
  };
}

/**
 * clearance.declaration.cleared: one fact per declaration. A later event for the same declaration
 * (corrected figures) takes the earlier one's contributions away and adds its own, so nothing is
 * counted twice; an event the fact already reflects changes nothing. Region and roles are the
 * enterprise's as filed when the declaration is counted.
 */
export async function countCleared(event: BusEvent, tx: Tx, logger: Logger): Promise<void> {
  const parsed = parseCleared(event.data);
  if (typeof parsed === 'string') {
    logger.warn({ type: event.type, eventId: event.id, problem: parsed }, 'cleared declaration not understood; not counted');
    return;
  }
  const [old] = await tx`
    select declaration_id::text, cop_no, uscc, to_char(day, 'YYYY-MM-DD') as day, direction, mode, region, country, currency,
           value_cny::text, chapters, roles, cleared_at, last_event_seq
    from statistics.trade_facts where declaration_id = ${parsed.declarationId} for update`;
  if (old && BigInt(old.last_event_seq) >= event.seq) return;
  if (old) await applyContributions(tx, factOfRow(old), -1);
  const [filing] = await tx`select region, roles from statistics.enterprises where uscc = ${parsed.uscc}`;
  const roles: string[] = filing?.roles?.length ? [...filing.roles].sort() : [UNKNOWN];
  const fact: TradeFact = { ...parsed, region: filing?.region ?? UNKNOWN, roles };
  await applyContributions(tx, fact, 1);
  const chapters = Object.fromEntries([...fact.chapters].map(([chapter, value]) => [chapter, fenToMoney(value)]));
  await tx`
    insert into statistics.trade_facts (declaration_id, cop_no, uscc, day, direction, mode, region, country, currency, value_cny, chapters, roles, cleared_at, last_event_seq)
    values (${fact.declarationId}, ${fact.copNo}, ${fact.uscc}, ${fact.day}, ${fact.direction}, ${fact.mode}, ${fact.region}, ${fact.country},
            ${fact.currency}, ${fenToMoney(fact.valueFen)}, ${tx.json(chapters)}, ${fact.roles}::text[], ${fact.clearedAt}, ${event.seq.toString()})
    on conflict (declaration_id) do update set
      cop_no = excluded.cop_no, uscc = excluded.uscc, day = excluded.day, direction = excluded.direction, mode = excluded.mode,
      region = excluded.region, country = excluded.country, currency = excluded.currency, value_cny = excluded.value_cny,
      chapters = excluded.chapters, roles = excluded.roles, cleared_at = excluded.cleared_at, last_event_seq = excluded.last_event_seq`;
}
