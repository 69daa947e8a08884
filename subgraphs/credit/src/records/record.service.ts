import { randomUUID } from 'node:crypto';
import {
  actorOf, badInput, defineLoader, pageRequest, toConnection, type Connection, type PartnerGrants, type RequestContext, type Sql,
} from '@sw/kernel';
import type { DataSource } from 'typeorm';
import { requireCreditWriter } from '../common/access';
import type { Tx } from '../events/publish';
import { shanghaiToday } from '../method/dates';
import type { CertificationLevel, CreditSource, RecordKind, TaxRating } from '../method/method';
import type { ProfileView } from '../profile/profile.type';
import { recomputeProfile } from '../profile/recompute';
import type { CreditEventInput, CreditRecord } from './record.type';
import { validCreditEvent } from './record.validation';

const CURSOR_KIND = 'credit-record';
/** A records cursor is the last record's date and id: records are listed newest first. */
const CURSOR = /^(\d{4}-\d{2}-\d{2})\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

interface RecordRow {
  id: string;
  uscc: string;
  source: CreditSource;
  kind: RecordKind;
  authority: string;
  occurred_on: string;
  ended_on: string | null;
  evidence: string;
  detail: Record<string, unknown>;
  recorded_at: Date;
  recorded_by: string;
}

/** The columns every records query selects, dates as text so that no driver shifts them by a time zone. */
export const RECORD_COLUMNS = `id, uscc, source, kind, authority, occurred_on::text as occurred_on, ended_on::text as ended_on,
  evidence, detail, recorded_at, recorded_by`;

/** Regulators' credit records, and every record's page under its profile. */
export class RecordService {
  /**
   * One page of records per enterprise, for every enterprise of the request in one statement:
   * keys are `[first, after, uscc]` as JSON, and enterprises asked with the same page arguments
   * (every item of one list is) share a query.
   */
  readonly pageByKey = defineLoader<string, Connection<CreditRecord>>('creditRecordsPage', async (keys) => {
    const groups = new Map<string, { first: number; after: string | null; usccs: string[] }>();
    for (const key of keys) {
      const [first, after, uscc] = JSON.parse(key) as [number, string | null, string];
      const group = groups.get(`${first}|${after}`) ?? { first, after, usccs: [] };
      group.usccs.push(uscc);
      groups.set(`${first}|${after}`, group);
    }
    const pages = new Map<string, Connection<CreditRecord>>();
    for (const { first, after, usccs } of groups.values()) {
      const [afterDate, afterId] = after ? CURSOR.exec(after)!.slice(1) : [null, null];
      const rows: (RecordRow & { subject: string; total: string })[] = await this.db.query(`
        select u.uscc as subject, c.total, p.* from unnest($1::text[]) as u(uscc)
        cross join lateral (select count(*) as total from credit.records where uscc = u.uscc) c
        left join lateral (
          select ${RECORD_COLUMNS} from credit.records
          where uscc = u.uscc and ($2::date is null or (occurred_on, id) < ($2::date, $3::uuid))
          order by occurred_on desc, id desc limit $4
        ) p on true
        order by u.uscc, p.occurred_on desc, p.id desc`, [usccs, afterDate, afterId, first + 1]);
      for (const uscc of usccs) {
        const own = rows.filter((row) => row.subject === uscc);
        const records = own.filter((row) => row.id !== null).map(toCreditRecord);
        const request = { first, after: after ?? undefined };
        pages.set(JSON.stringify([first, after, uscc]), toConnection(records, request, Number(own[0]?.total ?? 0), CURSOR_KIND, cursorOf));
      }
    }
    return pages;
  });

  constructor(private readonly db: DataSource, private readonly sql: Sql, private readonly grants: PartnerGrants) {}

  /** Records a regulator's decision about a filed enterprise and recomputes its profile in the same transaction. */
  async record(input: CreditEventInput, context: RequestContext): Promise<CreditRecord> {
    requireCreditWriter(context);
    const event = validCreditEvent(input, shanghaiToday());
    const actor = actorOf(context);
    return this.sql.begin(async (tx) => {
      await requireFiled(tx, event.uscc, 'input.uscc');
      const id = randomUUID();
      const now = new Date();
      const detail = event.certificationLevel ? { level: event.certificationLevel } : {};
      const [row] = await tx`
        insert into credit.records (id, uscc, source, kind, authority, occurred_on, evidence, detail, recorded_at, recorded_by)
        values (${id}, ${event.uscc}, 'REGULATOR', ${event.kind}, ${event.authority}, ${event.occurredOn}, ${event.evidence},
                ${tx.json(detail)}, ${now}, ${actor})
        returning ${tx.unsafe(RECORD_COLUMNS)}`;
      await recomputeProfile(tx, event.uscc, `${event.kind} recorded by ${event.authority} (record ${id})`, actor, now);
      return toCreditRecord(row as unknown as RecordRow);
    }) as Promise<CreditRecord>;
  }

  /** A page of the profile's records, newest first: the enterprise itself, regulators and partners under a CREDIT grant. */
  async page(profile: ProfileView, first: number | null | undefined, after: string | null | undefined, context: RequestContext): Promise<Connection<CreditRecord>> {
    await this.grants.assertMayRead(context, profile.uscc, 'CREDIT', 'credit records');
    const request = pageRequest(first, after, CURSOR_KIND);
    if (request.after !== undefined && !CURSOR.test(request.after)) {
      throw badInput('after', 'is not a cursor from this list; pass an endCursor you received');
    }
    return context.loaders.get(this.pageByKey).load(JSON.stringify([request.first, request.after ?? null, profile.uscc])) as Promise<Connection<CreditRecord>>;
  }
}

/** BAD_USER_INPUT at `field` unless credit knows a filing for `uscc` (from registry events). */
export async function requireFiled(tx: Tx, uscc: string, field: string): Promise<void> {
  const [filed] = await tx`select uscc from credit.enterprises where uscc = ${uscc}`;
  if (!filed) {
    throw badInput(field, `${uscc} is not a filed enterprise: file it with fileEnterprise first (a filing reaches credit within moments)`);
  }
}

const cursorOf = (record: CreditRecord) => `${record.occurredOn}|${record.id}`;

function toCreditRecord(row: RecordRow): CreditRecord {
  return {
    id: row.id, uscc: row.uscc, source: row.source, kind: row.kind, authority: row.authority, occurredOn: row.occurred_on,
    endedOn: row.ended_on, evidence: row.evidence,
    certificationLevel: (row.detail?.level as CertificationLevel | undefined) ?? null,
    taxRating: (row.detail?.rating as TaxRating | undefined) ?? null,
    recordedAt: row.recorded_at, recordedBy: row.recorded_by,
  };
}
