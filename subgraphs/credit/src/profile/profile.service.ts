import { defineLoader, requireIdentity, type DataScope, type PartnerGrants, type RequestContext } from '@sw/kernel';
import { In, type DataSource } from 'typeorm';
import { shanghaiToday } from '../method/dates';
import { assess } from '../method/method';
import { GradeChangeEntity, ProfileEntity } from './profile.entity';
import type { GradeChange, ProfileView } from './profile.type';

/**
 * Reads stored profiles: one query per table for every enterprise of a request, never a
 * recomputation. Grade and negative-list status are public; the rest goes through `visible`.
 */
export class ProfileService {
  readonly byUscc = defineLoader<string, ProfileEntity>('creditProfileByUscc', async (usccs) =>
    new Map((await this.db.getRepository(ProfileEntity).findBy({ uscc: In([...usccs]) })).map((row) => [row.uscc, row])));

  readonly historyByUscc = defineLoader<string, GradeChangeEntity[]>('creditHistoryByUscc', async (usccs) => {
    const rows = await this.db.getRepository(GradeChangeEntity).find({ where: { uscc: In([...usccs]) }, order: { id: 'ASC' } });
    const groups = new Map<string, GradeChangeEntity[]>();
    for (const row of rows) groups.set(row.uscc, [...(groups.get(row.uscc) ?? []), row]);
    return groups;
  });

  constructor(private readonly db: DataSource, private readonly grants: PartnerGrants) {}

  /** The stored profile, or the baseline (METHOD.md example 1) while nothing about the enterprise has reached credit. */
  async profileOf(uscc: string, context: RequestContext): Promise<ProfileView> {
    requireIdentity(context);
    const row = await context.loaders.get(this.byUscc).load(uscc);
    return row ? toView(row) : baseline(uscc);
  }

  /**
   * `value` when the caller may read this enterprise's non-public credit, else FORBIDDEN: a partner
   * needs a live grant with RISK for riskClass and with CREDIT for every other private field.
   */
  async visible<T>(profile: ProfileView, context: RequestContext, field: string, value: T): Promise<T> {
    const scope: DataScope = field === 'riskClass' ? 'RISK' : 'CREDIT';
    await this.grants.assertMayRead(context, profile.uscc, scope, `credit ${field}`);
    return value;
  }

  /** Changes of grade or customs class, oldest first. */
  async history(profile: ProfileView, context: RequestContext): Promise<GradeChange[]> {
    await this.visible(profile, context, 'history', null);
    const rows = await context.loaders.get(this.historyByUscc).load(profile.uscc);
    return (rows ?? []).map((row) => ({
      from: row.fromGrade, to: row.toGrade, fromCustomsClass: row.fromClass, toCustomsClass: row.toClass,
      score: Number(row.score), cause: row.cause, at: row.at,
    }));
  }
}

function toView(row: ProfileEntity): ProfileView {
  return {
    uscc: row.uscc, grade: row.grade, customsClass: row.customsClass, taxRating: row.taxRating, onNegativeList: row.onNegativeList,
    score: Number(row.score), factors: row.factors, supervision: row.supervision, riskClass: row.riskClass, computedAt: row.computedAt,
  };
}

function baseline(uscc: string): ProfileView {
  const a = assess({ records: [], listing: null }, shanghaiToday());
  return {
    uscc, grade: a.grade, customsClass: a.customsClass, taxRating: a.taxRating, onNegativeList: a.onNegativeList, score: a.score,
    factors: a.factors, supervision: a.supervision, riskClass: a.riskClass, computedAt: null,
  };
}
