import {
  actorOf, badInput, conflict, notFound, pageRequest, requiredText, requireIdentity, toConnection, type Connection, type RequestContext, type Sql,
} from '@sw/kernel';
import type { DataSource } from 'typeorm';
import { requireCreditWriter } from '../common/access';
import { enterpriseRef } from '../enterprise/enterprise.type';
import { publishInTx, type Tx } from '../events/publish';
import { shanghaiToday } from '../method/dates';
import { recomputeProfile } from '../profile/recompute';
import { requireFiled } from '../records/record.service';
import { validPastDate, validUscc } from '../records/record.validation';
import { NegativeListEntity } from './negative-list.entity';
import type { NegativeDelistingInput, NegativeListEntry, NegativeListingInput } from './negative-list.type';

const CURSOR_KIND = 'negative-list';
const UNIQUE_VIOLATION = '23505';

const COLUMNS = `id::text as id, uscc, reason, authority, listed_on::text as "listedOn", listed_at as "listedAt", listed_by as "listedBy",
  delisted_on::text as "delistedOn", delisted_at as "delistedAt", delisted_by as "delistedBy", delist_reason as "delistReason",
  delist_authority as "delistAuthority"`;

/**
 * The negative list: regulators list and delist; everyone authenticated reads it. A listing and
 * its event (which registry and clearance consume to refuse the subject's new filings and
 * declarations) commit together, with the subject's recomputed profile.
 */
export class NegativeListService {
  constructor(private readonly db: DataSource, private readonly sql: Sql) {}

  /** Newest listing first; only current listings unless `includeDelisted`. */
  async list(first: number | null | undefined, after: string | null | undefined, includeDelisted: boolean, context: RequestContext): Promise<Connection<NegativeListEntry>> {
    requireIdentity(context);
    const page = pageRequest(first, after, CURSOR_KIND);
    if (page.after !== undefined && !/^[1-9][0-9]{0,18}$/.test(page.after)) {
      throw badInput('after', 'is not a cursor from this list; pass an endCursor you received');
    }
    const query = this.db.getRepository(NegativeListEntity).createQueryBuilder('n');
    if (!includeDelisted) query.andWhere('n.delisted_at is null');
    const totalCount = await query.getCount();
    if (page.after !== undefined) query.andWhere('n.id < :after', { after: page.after });
    const rows = await query.orderBy('n.id', 'DESC').limit(page.first + 1).getMany();
    return toConnection(rows.map(toEntry), page, totalCount, CURSOR_KIND, (entry) => entry.id);
  }

  async listOn(input: NegativeListingInput, context: RequestContext): Promise<NegativeListEntry> {
    requireCreditWriter(context);
    const today = shanghaiToday();
    const uscc = validUscc('input.uscc', input.uscc);
    const reason = requiredText('input.reason', input.reason, 500);
    const authority = requiredText('input.authority', input.authority, 100);
    const listedOn = validPastDate('input.listedOn', input.listedOn ?? today, today);
    const actor = actorOf(context);
    return this.inTransaction(async (tx) => {
      await requireFiled(tx, uscc, 'input.uscc');
      const [open] = await tx`select id from credit.negative_list where uscc = ${uscc} and delisted_at is null`;
      if (open) throw conflict(`${uscc} is already on the negative list (entry ${open.id}); delist it before listing it again`);
      const now = new Date();
      const [row] = await tx.unsafe(`
        insert into credit.negative_list (uscc, reason, authority, listed_on, listed_at, listed_by)
        values ($1, $2, $3, $4, $5, $6) returning ${COLUMNS}`, [uscc, reason, authority, listedOn, now, actor]);
      await publishInTx(tx, {
        type: 'credit.negative-list.listed', subject: uscc, actor,
        data: { uscc, entryId: row.id, reason, authority, listedOn },
      });
      await recomputeProfile(tx, uscc, `listed on the negative list by ${authority}`, actor, now);
      return toEntry(row as unknown as NegativeListEntity);
    });
  }

  async delist(input: NegativeDelistingInput, context: RequestContext): Promise<NegativeListEntry> {
    requireCreditWriter(context);
    const today = shanghaiToday();
    const uscc = validUscc('input.uscc', input.uscc);
    const reason = requiredText('input.reason', input.reason, 500);
    const authority = requiredText('input.authority', input.authority, 100);
    const delistedOn = validPastDate('input.delistedOn', input.delistedOn ?? today, today);
    const actor = actorOf(context);
    return this.inTransaction(async (tx) => {
      const [open] = await tx`
        select id::text as id, listed_on::text as listed_on from credit.negative_list
        where uscc = ${uscc} and delisted_at is null for update`;
      if (!open) throw notFound(`a current negative-list entry for ${uscc}`);
      if (delistedOn < open.listed_on) throw badInput('input.delistedOn', `must not be before the listing on ${open.listed_on}, got ${delistedOn}`);
      const now = new Date();
      const [row] = await tx.unsafe(`
        update credit.negative_list set delisted_on = $2, delisted_at = $3, delisted_by = $4, delist_reason = $5, delist_authority = $6
        where id = $1::bigint returning ${COLUMNS}`, [open.id, delistedOn, now, actor, reason, authority]);
      await publishInTx(tx, {
        type: 'credit.negative-list.delisted', subject: uscc, actor,
        data: { uscc, entryId: open.id, reason, authority, delistedOn },
      });
      await recomputeProfile(tx, uscc, `delisted from the negative list by ${authority}`, actor, now);
      return toEntry(row as unknown as NegativeListEntity);
    });
  }

  /** Two listings of one subject at the same moment: the unique index still says CONFLICT. */
  private async inTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return (await this.sql.begin(work)) as T;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw conflict('this enterprise was listed at the same moment by another request');
      throw error;
    }
  }
}

function toEntry(row: NegativeListEntity): NegativeListEntry {
  return {
    id: String(row.id), uscc: row.uscc, enterprise: enterpriseRef(row.uscc), reason: row.reason, authority: row.authority,
    listedOn: row.listedOn, listedAt: row.listedAt, delistedOn: row.delistedOn, delistedAt: row.delistedAt,
    delistReason: row.delistReason, delistAuthority: row.delistAuthority,
  };
}
