import { randomUUID } from 'node:crypto';
import {
  actorOf, assertMayReadEnterprise, badInput, defineLoader, forbidden, notFound, pageRequest, publish, requireIdentity, toConnection,
  type Connection, type Identity, type RequestContext,
} from '@sw/kernel';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { enterpriseRef } from '../enterprise/enterprise.type';
import { GrantEntity } from './grant.entity';
import type { DataScope } from './grant.enums';
import type { DataAccessGrant, DataAccessLogEntry, GrantDataAccessInput } from './grant.type';
import { isUuid, validGrant } from './grant.validation';

const LOG_CURSOR_KIND = 'data-access-log';

interface LogRow {
  subject: string;
  total: string;
  seq: string | null;
  id: string;
  partner_uscc: string;
  scope: DataScope;
  what: string[];
  request_id: string;
  at: Date;
}

type LogEntry = DataAccessLogEntry & { seq: string };

/**
 * Consent grants: given and revoked by the enterprise itself or a regulator, each change with its
 * event in the same transaction (every subgraph that enforces grants projects them); listed with the
 * log of reads under them, which the audit consumer keeps from `access.grant.used`.
 */
export class GrantService {
  /** Every grant of each enterprise, newest first. */
  readonly byUscc = defineLoader<string, GrantEntity[]>('grantsByUscc', async (usccs) => {
    const rows = await this.db.getRepository(GrantEntity).find({ where: { uscc: In([...usccs]) }, order: { createdAt: 'DESC', id: 'DESC' } });
    const groups = new Map<string, GrantEntity[]>();
    for (const row of rows) groups.set(row.uscc, [...(groups.get(row.uscc) ?? []), row]);
    return groups;
  });

  /**
   * One page of the access log per enterprise, for every enterprise of the request in one statement
   * per page request: keys are `[first, after, uscc]` as JSON.
   */
  readonly logPage = defineLoader<string, Connection<LogEntry>>('dataAccessLogPage', async (keys) => {
    const groups = new Map<string, { first: number; after: string | null; usccs: string[] }>();
    for (const key of keys) {
      const [first, after, uscc] = JSON.parse(key) as [number, string | null, string];
      const group = groups.get(`${first}|${after}`) ?? { first, after, usccs: [] };
      group.usccs.push(uscc);
      groups.set(`${first}|${after}`, group);
    }
    const pages = new Map<string, Connection<LogEntry>>();
    for (const { first, after, usccs } of groups.values()) {
      const rows: LogRow[] = await this.db.query(`
        select u.uscc as subject, c.total, p.* from unnest($1::char(18)[]) as u(uscc)
        cross join lateral (select count(*) as total from access.data_access_log where uscc = u.uscc) c
        left join lateral (
          select seq, id, partner_uscc, scope, what, request_id, at from access.data_access_log
          where uscc = u.uscc and ($2::bigint is null or seq < $2::bigint)
          order by seq desc limit $3
        ) p on true
        order by u.uscc, p.seq desc`, [usccs, after, first + 1]);
      for (const uscc of usccs) {
        const own = rows.filter((row) => row.subject === uscc);
        const entries = own.filter((row) => row.seq !== null).map(toLogEntry);
        const request = { first, after: after ?? undefined };
        pages.set(JSON.stringify([first, after, uscc]), toConnection(entries, request, Number(own[0]?.total ?? 0), LOG_CURSOR_KIND, (entry) => entry.seq));
      }
    }
    return pages;
  });

  constructor(private readonly db: DataSource) {}

  /** Gives a grant: validated, by the enterprise itself or a regulator, between two filed enterprises. */
  async grant(input: GrantDataAccessInput, context: RequestContext): Promise<DataAccessGrant> {
    const identity = requireIdentity(context);
    const grant = validGrant(input);
    if (!mayManageGrantsOf(identity, grant.uscc)) {
      throw forbidden(`access to the data of ${grant.uscc} is granted only by that enterprise (a key or JWT of role ENTERPRISE with its USCC) or a regulator`);
    }
    const entity: GrantEntity = {
      id: randomUUID(), uscc: grant.uscc, partnerUscc: grant.partnerUscc, scopes: grant.scopes, until: grant.until,
      createdAt: new Date(), createdBy: actorOf(context), revokedAt: null, revokedBy: null,
    };
    await this.db.transaction(async (manager) => {
      await requireFiled(manager, grant.uscc, 'input.uscc');
      await requireFiled(manager, grant.partnerUscc, 'input.partnerUscc');
      await manager.insert(GrantEntity, entity);
      await publish(manager, { type: 'access.grant.given', subject: entity.id, actor: entity.createdBy, data: grantFacts(entity) });
    });
    return toGrant(entity);
  }

  /**
   * Revokes a grant; partners read nothing more under it once each subgraph's projection has the
   * event (moments). Idempotent: revoking a revoked grant answers it unchanged, with no second event.
   */
  async revoke(id: string, context: RequestContext): Promise<DataAccessGrant> {
    const identity = requireIdentity(context);
    if (!isUuid(id)) throw badInput('id', 'must be a grant id (a UUID, as grantDataAccess and dataAccessGrants return it)');
    return this.db.transaction(async (manager) => {
      const grant = await manager.findOne(GrantEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (grant && !mayManageGrantsOf(identity, grant.uscc) && identity.role === 'PARTNER' && identity.uscc === grant.partnerUscc) {
        throw forbidden('a grant is revoked by the enterprise that gave it or a regulator, not by its partner');
      }
      // Another enterprise's grant is reported as missing: its existence is none of the caller's business.
      if (!grant || !mayManageGrantsOf(identity, grant.uscc)) throw notFound(`grant ${id}`);
      if (grant.revokedAt) return toGrant(grant);
      grant.revokedAt = new Date();
      grant.revokedBy = actorOf(context);
      await manager.update(GrantEntity, { id }, { revokedAt: grant.revokedAt, revokedBy: grant.revokedBy });
      await publish(manager, {
        type: 'access.grant.revoked', subject: id, actor: grant.revokedBy,
        data: { ...grantFacts(grant), revokedAt: grant.revokedAt.toISOString() },
      });
      return toGrant(grant);
    });
  }

  /**
   * The grants an enterprise gave, newest first, revoked and expired ones included: to the
   * enterprise itself and regulators all of them, to a partner those given to it.
   */
  async grantsOf(uscc: string, context: RequestContext): Promise<DataAccessGrant[]> {
    const identity = requireIdentity(context);
    const partner = identity.role === 'PARTNER' && identity.uscc !== undefined && identity.uscc !== uscc ? identity.uscc : undefined;
    if (partner === undefined) assertMayReadEnterprise(identity, uscc, 'the data access grants');
    const rows = (await context.loaders.get(this.byUscc).load(uscc)) ?? [];
    const now = new Date();
    return rows.filter((row) => partner === undefined || row.partnerUscc === partner).map((row) => toGrant(row, now));
  }

  /** Reads of the enterprise's data under its grants, newest first: the enterprise itself and regulators. */
  async log(uscc: string, first: number | null | undefined, after: string | null | undefined, context: RequestContext): Promise<Connection<DataAccessLogEntry>> {
    assertMayReadEnterprise(requireIdentity(context), uscc, 'the data access log');
    const page = pageRequest(first, after, LOG_CURSOR_KIND);
    if (page.after !== undefined && !/^[1-9][0-9]{0,18}$/.test(page.after)) {
      throw badInput('after', 'is not a cursor from this list; pass an endCursor you received');
    }
    return (await context.loaders.get(this.logPage).load(JSON.stringify([page.first, page.after ?? null, uscc])))!;
  }
}

/** A regulator gives and revokes grants for any enterprise; an ENTERPRISE caller for its own USCC only. */
function mayManageGrantsOf(identity: Identity, uscc: string): boolean {
  return identity.role === 'REGULATOR' || (identity.role === 'ENTERPRISE' && identity.uscc === uscc);
}

/** BAD_USER_INPUT at `field` unless access knows an unrevoked filing of `uscc` (from registry events). */
async function requireFiled(manager: EntityManager, uscc: string, field: string): Promise<void> {
  const [filed] = await manager.query(`select filing_status from access.enterprises where uscc = $1`, [uscc]);
  if (!filed) throw badInput(field, `${uscc} is not a filed enterprise: file it with fileEnterprise first (a filing reaches access within moments)`);
  if (filed.filing_status === 'REVOKED') throw badInput(field, `the filing of ${uscc} is revoked; a grant needs filed enterprises on both sides`);
}

/** The grant as its events carry it (catalogue: access.grant.given / revoked). */
function grantFacts(grant: GrantEntity) {
  return { grantId: grant.id, uscc: grant.uscc, partnerUscc: grant.partnerUscc, scopes: grant.scopes, until: grant.until.toISOString() };
}

function toGrant(row: GrantEntity, now = new Date()): DataAccessGrant {
  return {
    id: row.id, uscc: row.uscc, partnerUscc: row.partnerUscc, partner: enterpriseRef(row.partnerUscc), scopes: row.scopes,
    until: row.until, revokedAt: row.revokedAt, createdAt: row.createdAt, live: row.revokedAt === null && row.until.getTime() > now.getTime(),
  };
}

function toLogEntry(row: LogRow): LogEntry {
  return {
    seq: String(row.seq), id: row.id, partnerUscc: row.partner_uscc, partner: enterpriseRef(row.partner_uscc), scope: row.scope,
    what: row.what, at: row.at, requestId: row.request_id,
  };
}
