import { randomUUID } from 'node:crypto';
import {
  badInput, pageRequest, requireScope, toConnection, type Connection, type ConsumerOptions, type RequestContext, type Sql,
} from '@sw/kernel';
import type { DataSource } from 'typeorm';
import { requireGateway } from '../internal';
import { entryHash, GENESIS_HASH, type ChainedEntry } from './audit.chain';
import { AuditEntryEntity } from './audit.entity';
import type { AuditAction } from './audit.enums';
import type { AuditChainCheck, AuditEntry, AuditFilter, AuditInput } from './audit.type';
import { validAuditFilter, validAuditInput } from './audit.validation';

/** A postgres.js transaction, as the bus consumer hands one to its handler. */
export type Tx = Parameters<ConsumerOptions['handle']>[1];

export interface NewAuditEntry {
  /** For an entry made from a bus event, that event's id: an entry is never appended twice. */
  id: string;
  at: Date;
  actor: string;
  action: AuditAction;
  subject: string;
  detail: Record<string, unknown>;
}

const CURSOR_KIND = 'audit';
const READ = 'audit:read';

/** The append-only, hash-chained audit log: appends are serialized, reads page newest first. */
export class AuditService {
  constructor(private readonly db: DataSource, private readonly sql: Sql) {}

  /**
   * Appends `entry` inside `tx`, after every append committed before it. The table lock makes
   * appends take turns (plain reads go on), so each entry links to the latest one and seq follows
   * the chain. Returns false when an entry with this id is already there.
   */
  async append(tx: Tx, entry: NewAuditEntry): Promise<boolean> {
    await tx`lock table access.audit_log in exclusive mode`;
    if ((await tx`select 1 from access.audit_log where id = ${entry.id}`).length > 0) return false;
    const [last] = await tx`select hash from access.audit_log order by seq desc limit 1`;
    const [{ seq }] = await tx`select nextval(pg_get_serial_sequence('access.audit_log', 'seq')) as seq`;
    const prevHash: string = last?.hash ?? GENESIS_HASH;
    const hash = entryHash(prevHash, { ...entry, seq });
    await tx`
      insert into access.audit_log (seq, id, at, actor, action, subject, detail, prev_hash, hash)
      values (${seq}, ${entry.id}, ${entry.at}, ${entry.actor}, ${entry.action}, ${entry.subject},
              ${tx.json(entry.detail as Parameters<Tx['json']>[0])}, ${prevHash}, ${hash})`;
    return true;
  }

  /** For the gateway only: appends what it reports (a refused request, an identity check). */
  async record(input: AuditInput, context: RequestContext): Promise<boolean> {
    requireGateway(context, 'audit:write');
    const entry = validAuditInput(input);
    await this.sql.begin((tx) => this.append(tx, { ...entry, id: randomUUID(), at: new Date() }));
    return true;
  }

  /**
   * Newest first (highest seq first). A REGULATOR reads every entry; another caller holding
   * audit:read reads only the entries it is the actor of.
   */
  async list(filter: AuditFilter | null | undefined, first: number | null | undefined, after: string | null | undefined,
    context: RequestContext): Promise<Connection<AuditEntry>> {
    const identity = requireScope(context, READ);
    const page = pageRequest(first, after, CURSOR_KIND);
    if (page.after !== undefined && !/^[1-9][0-9]{0,18}$/.test(page.after)) {
      throw badInput('after', 'is not a cursor from this list; pass an endCursor you received');
    }
    const wanted = validAuditFilter(filter);
    const query = this.db.getRepository(AuditEntryEntity).createQueryBuilder('a');
    if (identity.role !== 'REGULATOR') query.andWhere('a.actor = :self', { self: identity.subject });
    if (wanted.actor !== undefined) query.andWhere('a.actor = :actor', { actor: wanted.actor });
    if (wanted.action !== undefined) query.andWhere('a.action = :action', { action: wanted.action });
    if (wanted.subject !== undefined) query.andWhere('a.subject = :subject', { subject: wanted.subject });
    if (wanted.from !== undefined) query.andWhere('a.at >= :from', { from: wanted.from });
    if (wanted.to !== undefined) query.andWhere('a.at < :to', { to: wanted.to });
    const totalCount = await query.getCount();
    if (page.after !== undefined) query.andWhere('a.seq < :after', { after: page.after });
    const rows = await query.orderBy('a.seq', 'DESC').limit(page.first + 1).getMany();
    return toConnection(rows.map(toAuditEntry), page, totalCount, CURSOR_KIND, (entry) => String(entry.seq));
  }

  /**
   * Walks the whole log in seq order, recomputing each hash and checking each link. One
   * statement, so it reads one snapshot; appends committed meanwhile wait for the next check.
   */
  async verifyChain(context: RequestContext): Promise<AuditChainCheck> {
    requireScope(context, READ);
    let previous = GENESIS_HASH;
    let entries = 0;
    let firstBrokenSeq: number | null = null;
    const cursor = this.sql`
      select seq, id, at, actor, action, subject, detail, prev_hash, hash from access.audit_log order by seq`.cursor(500);
    for await (const rows of cursor) {
      for (const row of rows) {
        entries += 1;
        if (firstBrokenSeq === null && (row.prev_hash !== previous || row.hash !== entryHash(row.prev_hash, row as ChainedEntry))) {
          firstBrokenSeq = Number(row.seq);
        }
        previous = row.hash;
      }
    }
    return { ok: firstBrokenSeq === null, entries, firstBrokenSeq };
  }
}

function toAuditEntry(row: AuditEntryEntity): AuditEntry {
  return { ...row, seq: Number(row.seq), action: row.action as AuditAction };
}
