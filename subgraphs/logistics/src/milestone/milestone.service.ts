import { randomUUID } from 'node:crypto';
import {
  actorOf, badInput, conflict, defineLoader, forbidden, publish, requireIdentity, type Identity, type RequestContext,
} from '@sw/kernel';
import type { DataSource, EntityManager } from 'typeorm';
import { waybillKey, type Parties, type ProjectedEnterprise } from '../projections/parties';
import { CBV } from './cbv';
import { ParcelMilestoneEntity } from './milestone.entity';
import type { ParcelMilestoneInput } from './milestone.inputs';
import { compareMilestones, orderProblem } from './milestone.rules';
import { validMilestone, type ValidMilestone } from './milestone.validation';

export interface MilestoneSettings {
  clockSkewSeconds: number;
  milestoneMaxAgeDays: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Parcel milestones: reported by the logistics firm of the waybill (the enterprise whose filed
 * customs code is its logisticsCode) or a regulator, each one published as
 * logistics.parcel.milestone-reported in the same transaction.
 */
export class MilestoneService {
  /** `logisticsCode/logisticsNo` → its milestones in time order. */
  readonly byWaybill = defineLoader<string, ParcelMilestoneEntity[]>('milestonesByWaybill', async (keys) => {
    const pairs = keys.map((key) => [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)]);
    const rows = await this.db.getRepository(ParcelMilestoneEntity).createQueryBuilder('m')
      .where('(cast(m.logistics_code as text), m.logistics_no) in (select * from unnest(cast(:codes as text[]), cast(:nos as text[])))', {
        codes: pairs.map(([code]) => code), nos: pairs.map(([, no]) => no),
      }).getMany();
    const found = new Map<string, ParcelMilestoneEntity[]>();
    for (const row of rows) {
      const key = waybillKey(row.logisticsCode, row.logisticsNo);
      found.set(key, [...(found.get(key) ?? []), row]);
    }
    for (const list of found.values()) list.sort(inTimeOrder);
    return found;
  });

  readonly byId = defineLoader<string, ParcelMilestoneEntity>('milestonesById', async (ids) => {
    const valid = ids.filter((id) => UUID.test(id));
    const rows = valid.length === 0 ? [] : await this.db.getRepository(ParcelMilestoneEntity).createQueryBuilder('m')
      .where('m.id in (:...ids)', { ids: valid }).getMany();
    return new Map(rows.map((row) => [row.id, row]));
  });

  constructor(private readonly db: DataSource, private readonly parties: Parties, private readonly settings: MilestoneSettings) {}

  /**
   * Records a milestone. The same (waybill, kind, occurredAt) again returns the one recorded (a
   * different place or note for it is CONFLICT); a milestone that breaks the waybill's order
   * (milestone.rules.ts) is BAD_USER_INPUT naming the rule.
   */
  async report(input: ParcelMilestoneInput, context: RequestContext, now = new Date()): Promise<ParcelMilestoneEntity> {
    const identity = requireIdentity(context);
    if (identity.role === 'PARTNER') throw mayNotReport();
    const milestone = validMilestone(input, {
      now, skewMs: this.settings.clockSkewSeconds * 1000, maxAgeMs: this.settings.milestoneMaxAgeDays * 86_400_000,
    });
    return this.db.transaction(async (manager) => {
      const carrier = await this.authorize(manager, identity, milestone.logisticsCode);
      // One report per waybill at a time: the order check sees every milestone committed before it.
      await manager.query('select pg_advisory_xact_lock(hashtext($1))', [`logistics.waybill:${waybillKey(milestone.logisticsCode, milestone.logisticsNo)}`]);
      const existing = await manager.find(ParcelMilestoneEntity, { where: { logisticsCode: milestone.logisticsCode, logisticsNo: milestone.logisticsNo } });
      const same = existing.find((row) => row.kind === milestone.kind && row.occurredAt.getTime() === milestone.occurredAt.getTime());
      if (same) return sameOrConflict(same, milestone);
      const problem = orderProblem([...existing, milestone]);
      if (problem) {
        throw badInput('input.kind', `${milestone.kind} at ${milestone.occurredAt.toISOString()} does not fit the milestones of waybill `
          + `${milestone.logisticsNo} (${milestone.logisticsCode}): ${problem.at === milestone ? '' : `${problem.at.kind} at ${problem.at.occurredAt.toISOString()} would break the rule: `}${problem.rule}`);
      }
      return this.record(manager, milestone, carrier, actorOf(context), now);
    });
  }

  /** The milestones of a waybill in time order, when the caller may read them; FORBIDDEN otherwise. */
  async ofWaybill(logisticsCode: string, logisticsNo: string, context: RequestContext): Promise<ParcelMilestoneEntity[]> {
    if (!(await this.parties.mayRead(context.identity, context.loaders, logisticsCode, logisticsNo))) {
      throw forbidden(`the milestones of waybill ${logisticsNo} are visible to its logistics firm, the e-commerce enterprise and platform of its declaration, and regulators`);
    }
    return (await context.loaders.get(this.byWaybill).load(waybillKey(logisticsCode, logisticsNo))) ?? [];
  }

  /**
   * The caller may report for `logisticsCode` (a regulator, or the enterprise that filed that customs
   * code), and the code belongs to a live filing with the role LOGISTICS. Returns that firm.
   */
  private async authorize(manager: EntityManager, identity: Identity, logisticsCode: string): Promise<ProjectedEnterprise> {
    if (identity.role !== 'REGULATOR') {
      const caller = identity.role === 'ENTERPRISE' && identity.uscc ? await this.parties.byUscc(manager, identity.uscc) : null;
      if (!caller || caller.customsCode !== logisticsCode) throw mayNotReport();
    }
    const carrier = await this.parties.byCustomsCode(manager, logisticsCode);
    if (!carrier) {
      throw badInput('input.logisticsCode', `no enterprise with customs code ${logisticsCode} is filed with the Single Window; the logistics firm files first (fileEnterprise)`);
    }
    if (carrier.filingStatus === 'REVOKED') throw badInput('input.logisticsCode', `the filing of enterprise ${carrier.uscc} (customs code ${logisticsCode}) is revoked`);
    if (!carrier.roles.includes('LOGISTICS')) {
      throw badInput('input.logisticsCode', `enterprise ${carrier.uscc} (customs code ${logisticsCode}) is not filed as a logistics enterprise (LOGISTICS); its roles: ${carrier.roles.join(', ') || 'none'}`);
    }
    return carrier;
  }

  private async record(manager: EntityManager, milestone: ValidMilestone, carrier: ProjectedEnterprise, actor: string, now: Date): Promise<ParcelMilestoneEntity> {
    const id = randomUUID();
    const [declaration] = await this.parties.ofWaybill(manager, milestone.logisticsCode, milestone.logisticsNo);
    const event = await publish(manager, {
      type: 'logistics.parcel.milestone-reported', subject: waybillKey(milestone.logisticsCode, milestone.logisticsNo), actor,
      data: {
        milestoneId: id, logisticsCode: milestone.logisticsCode, logisticsNo: milestone.logisticsNo, carrierUscc: carrier.uscc,
        kind: milestone.kind, occurredAt: milestone.occurredAt.toISOString(), city: milestone.city, country: milestone.country,
        reportedAt: now.toISOString(), declarationId: declaration?.declarationId ?? null, enterprise: declaration?.enterprise ?? null,
        platform: declaration?.platform ?? null, ...CBV[milestone.kind],
      },
    });
    const row = manager.create(ParcelMilestoneEntity, {
      id, ...milestone, carrierUscc: carrier.uscc, reportedBy: actor, reportedAt: now, eventSeq: event.seq.toString(),
    });
    await manager.insert(ParcelMilestoneEntity, row);
    return row;
  }
}

const mayNotReport = () =>
  forbidden('a parcel milestone may be reported only by the logistics firm whose customs code is the waybill\'s logisticsCode, or a regulator');

/** Time order; milestones at the same instant in SAME_INSTANT_ORDER, then as reported. */
export function inTimeOrder(a: ParcelMilestoneEntity, b: ParcelMilestoneEntity): number {
  return compareMilestones(a, b) || Number(BigInt(a.eventSeq) - BigInt(b.eventSeq));
}

function sameOrConflict(recorded: ParcelMilestoneEntity, milestone: ValidMilestone): ParcelMilestoneEntity {
  const differing = (['city', 'country', 'note'] as const).filter((field) => recorded[field] !== milestone[field]);
  if (differing.length === 0) return recorded;
  throw conflict(`${milestone.kind} at ${milestone.occurredAt.toISOString()} of waybill ${milestone.logisticsNo} is already recorded (${recorded.id}) `
    + `with a different ${differing.map((field) => (field === 'note' ? 'note' : `location.${field}`)).join(', ')}; a milestone is not amended: report a new one (an EXCEPTION for a correction)`);
}
