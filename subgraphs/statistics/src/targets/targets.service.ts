import { badInput, requireIdentity, type RequestContext, type Sql } from '@sw/kernel';
import { requireRegulator } from '../common/access';
import { fenToMoney, isMoney, numericToFen, ratio, toFen } from '../common/money';
import { shanghaiDay } from '../common/periods';
import { CBEC_ROLES, isTargetKey, TARGET_KEYS, TARGETS, type TargetKey } from './targets';
import type { TargetProgress } from './targets.type';

const ENTERED_KEYS = TARGET_KEYS.filter((key) => !TARGETS[key].measured);

/**
 * pilotTargets: the measurable figures from statistics' own projections and rollups, the others
 * from the latest regulator entry (by asOf, then by entry). Target values come from the config.
 */
export class TargetService {
  constructor(private readonly sql: Sql, private readonly targets: Record<TargetKey, string>, private readonly clock: () => Date) {}

  /** Every target, in the order API.md lists the keys; every authenticated caller. */
  async list(context: RequestContext): Promise<TargetProgress[]> {
    requireIdentity(context);
    const today = shanghaiDay(this.clock());
    const [enterprises] = await this.sql`
      select count(*)::int as n from statistics.enterprises where filing_status <> 'REVOKED' and roles && ${[...CBEC_ROLES]}::text[]`;
    const [trade] = await this.sql`
      select sum(value_cny)::text as value from statistics.trade_daily
      where day between ${`${today.slice(0, 4)}-01-01`} and ${today} and hs_chapter = '*' and enterprise_role = '*'`;
    const entries = await this.sql`
      select distinct on (key) key, actual::text as actual, to_char(as_of, 'YYYY-MM-DD') as as_of
      from statistics.target_entries order by key, as_of desc, id desc`;
    const measured: Partial<Record<TargetKey, bigint>> = {
      CBEC_ENTERPRISES: BigInt(enterprises.n) * 100n,
      CBEC_TRADE_VALUE: numericToFen(trade?.value),
    };
    return TARGET_KEYS.map((key) => {
      const definition = TARGETS[key];
      const entry = entries.find((row) => row.key === key);
      const actual = definition.measured ? measured[key]! : numericToFen(entry?.actual);
      const asOf = definition.measured ? today : (entry?.as_of ?? null);
      return this.progressOf(key, actual, asOf);
    });
  }

  /** recordTargetProgress: regulators only, for the targets the system does not measure. */
  async record(key: string, actual: string, asOf: string, context: RequestContext): Promise<TargetProgress> {
    const identity = requireRegulator(context, 'recordTargetProgress');
    if (!isTargetKey(key) || TARGETS[key].measured) {
      const measured = isTargetKey(key) ? `${key} is measured by the system; ` : '';
      throw badInput('key', `${measured}regulators enter ${ENTERED_KEYS.join(', ')}, got ${JSON.stringify(key)}`);
    }
    if (!isMoney(actual)) throw badInput('actual', `must be a non-negative decimal string such as "12" or "12.50", got ${JSON.stringify(actual)}`);
    if (TARGETS[key].whole && toFen(actual) % 100n !== 0n) throw badInput('actual', `${key} counts ${TARGETS[key].unit}: a whole number, got ${actual}`);
    const today = shanghaiDay(this.clock());
    if (asOf > today) throw badInput('asOf', `must not be after today (${today}, Asia/Shanghai), got ${asOf}`);
    await this.sql`
      insert into statistics.target_entries (key, actual, as_of, recorded_at, recorded_by)
      values (${key}, ${fenToMoney(toFen(actual))}, ${asOf}, ${this.clock()}, ${identity.subject})`;
    return (await this.list(context)).find((progress) => progress.key === key)!;
  }

  private progressOf(key: TargetKey, actual: bigint, asOf: string | null): TargetProgress {
    const definition = TARGETS[key];
    const target = toFen(this.targets[key]);
    return {
      key, name: definition.name, target: fenToMoney(target), actual: fenToMoney(actual), unit: definition.unit,
      measured: definition.measured, progress: ratio(actual, target), asOf, basis: definition.basis,
    };
  }
}
