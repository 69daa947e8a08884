import type postgres from 'postgres';
import { forbidden } from '../errors';
import type { RequestContext } from '../context';
import type { Sql } from '../db/database';
import type { Logger } from '../logger';
import { defineLoader } from '../loaders';
import { BusConsumer } from '../bus/consumer';
import type { EventType } from '../bus/catalogue';
import type { BusEvent } from '../bus/event';
import { publishSql } from '../bus/publish';
import { usccProblem } from '../validation/uscc';
import { assertMayReadEnterprise, mayReadEnterprise } from './tenancy';

/**
 * What an enterprise can open to a partner (API.md, Finance and logistics). Each subgraph
 * decides which of its fields a scope covers and checks it with `PartnerGrants`.
 */
export const DATA_SCOPES = ['TRADE_SUMMARY', 'DECLARATIONS', 'CREDIT', 'RISK', 'TAX', 'REBATE'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];
export const isDataScope = (value: unknown): value is DataScope => (DATA_SCOPES as readonly unknown[]).includes(value);

/** The access subgraph's grant events, which every grant projection consumes. */
export const GRANT_EVENT_TYPES: readonly EventType[] = ['access.grant.given', 'access.grant.revoked'];

/** Longest `x-request-id` kept in the access log: the id comes from the client and is only a correlation key. */
const MAX_REQUEST_ID = 128;

interface GrantFacts {
  grantId: string;
  uscc: string;
  partnerUscc: string;
  scopes: DataScope[];
  until: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function grantOf(event: BusEvent): GrantFacts | null {
  const { grantId, uscc, partnerUscc, scopes, until } = event.data;
  const time = new Date(String(until));
  if (typeof grantId !== 'string' || !UUID.test(grantId)) return null;
  if (typeof uscc !== 'string' || usccProblem(uscc) || typeof partnerUscc !== 'string' || usccProblem(partnerUscc)) return null;
  if (!Array.isArray(scopes) || Number.isNaN(time.getTime())) return null;
  return { grantId, uscc, partnerUscc, scopes: scopes.filter(isDataScope), until: time };
}

/**
 * Keeps `<schema>.partner_grants` (migrations/grant-tables.ts) from `access.grant.given` and
 * `access.grant.revoked`, so a subgraph enforces grants from its own table, like all its tenancy.
 * Any BusConsumer can use it: consume `types` and hand those events to `handle`. Idempotent: a
 * redelivered grant changes nothing, and a revocation holds whatever order the two arrive in.
 */
export class GrantProjection {
  readonly types = GRANT_EVENT_TYPES;

  constructor(readonly schema: string, private readonly logger?: Logger) {}

  async handle(event: BusEvent, tx: postgres.TransactionSql): Promise<void> {
    if (!this.types.includes(event.type)) return;
    const grant = grantOf(event);
    if (!grant) {
      this.logger?.warn({ type: event.type, eventId: event.id }, 'grant event without a valid grant; ignored');
      return;
    }
    const revokedAt = event.type === 'access.grant.revoked' ? event.occurredAt : null;
    await tx`
      insert into ${tx(this.schema)}.partner_grants (grant_id, uscc, partner_uscc, scopes, until, revoked_at, last_event_seq)
      values (${grant.grantId}, ${grant.uscc}, ${grant.partnerUscc}, ${grant.scopes}::text[], ${grant.until}, ${revokedAt},
              ${event.seq.toString()})
      on conflict (grant_id) do update set
        revoked_at = coalesce(partner_grants.revoked_at, excluded.revoked_at),
        last_event_seq = greatest(partner_grants.last_event_seq, excluded.last_event_seq)`;
  }
}

export interface GrantConsumerOptions {
  logger?: Logger;
  pollMs?: number;
  /** The offset's name in `<schema>.consumer_offsets`. */
  name?: string;
}

/** A BusConsumer that does nothing but keep `<schema>.partner_grants`. */
export function grantConsumer(sql: Sql, schema: string, options: GrantConsumerOptions = {}): BusConsumer {
  const projection = new GrantProjection(schema, options.logger);
  return new BusConsumer(sql, {
    name: options.name ?? 'partner-grants',
    schema,
    types: projection.types,
    logger: options.logger,
    pollMs: options.pollMs,
    handle: (event, tx) => projection.handle(event, tx),
  });
}

/**
 * A subgraph's side of consent grants: which scopes a partner holds on an enterprise (its own
 * projection, one query per request for every pair asked), the tenancy check with the scope
 * that guards a field, and the audit of every read under a grant (`access.grant.used`).
 */
export class PartnerGrants {
  /**
   * Per request, keyed `partnerUscc|uscc`: the scopes of the live grants (not revoked, `until`
   * still ahead) that `uscc` gave `partnerUscc`; a missing pair has none.
   */
  readonly liveGrantScopes = defineLoader<string, DataScope[]>('liveGrantScopes', async (keys) => {
    const pairs = keys.map((key) => key.split('|'));
    const rows = await this.sql`
      select g.partner_uscc, g.uscc, array_agg(distinct s.scope) as scopes
      from ${this.sql(this.schema)}.partner_grants g
      cross join lateral unnest(g.scopes) as s(scope)
      where (g.partner_uscc, g.uscc) in (
              select * from unnest(${pairs.map((pair) => pair[0])}::text[], ${pairs.map((pair) => pair[1])}::text[]))
        and g.revoked_at is null and g.until > now()
      group by g.partner_uscc, g.uscc`;
    return new Map(rows.map((row) => [`${row.partner_uscc}|${row.uscc}`, (row.scopes as string[]).filter(isDataScope).sort()]));
  });

  /**
   * Per request: each granted read, keyed by the JSON of [actor, requestId, partnerUscc, uscc,
   * scope, what]. The reads collected in one tick are published together, one event per
   * enterprise and scope, in one transaction; a repeated read is recorded once.
   */
  readonly grantUses = defineLoader<string, true>('grantUses', async (keys) => {
    const events = new Map<string, { actor: string; requestId: string; partnerUscc: string; uscc: string; scope: DataScope; what: Set<string> }>();
    for (const key of keys) {
      const [actor, requestId, partnerUscc, uscc, scope, what] = JSON.parse(key) as [string, string, string, string, DataScope, string];
      const group = `${actor}|${requestId}|${partnerUscc}|${uscc}|${scope}`;
      const event = events.get(group) ?? { actor, requestId, partnerUscc, uscc, scope, what: new Set<string>() };
      event.what.add(what);
      events.set(group, event);
    }
    await this.sql.begin(async (tx) => {
      for (const { actor, requestId, partnerUscc, uscc, scope, what } of events.values()) {
        await publishSql(tx, {
          type: 'access.grant.used', subject: uscc, actor,
          data: { partnerUscc, uscc, scope, what: [...what].sort(), requestId },
        });
      }
    });
    return new Map(keys.map((key) => [key, true as const]));
  });

  constructor(private readonly sql: Sql, readonly schema: string) {}

  /** The scopes of the live grants `uscc` gave `partnerUscc`, through the request's loader. */
  async scopesOf(context: RequestContext, partnerUscc: string, uscc: string): Promise<DataScope[]> {
    return (await context.loaders.get(this.liveGrantScopes).load(`${partnerUscc}|${uscc}`)) ?? [];
  }

  /**
   * Whether the caller may read `what` of `uscc`, which `scope` guards: a regulator and the
   * enterprise itself always, a PARTNER under a live grant with that scope, nobody else. A read
   * under a grant is audited before this answers true, so no granted value leaves unrecorded.
   */
  async mayRead(context: RequestContext, uscc: string, scope: DataScope, what: string): Promise<boolean> {
    const identity = context.identity;
    if (identity?.role !== 'PARTNER' || identity.uscc === undefined || identity.uscc === uscc) return mayReadEnterprise(identity, uscc);
    if (!(await this.scopesOf(context, identity.uscc, uscc)).includes(scope)) return false;
    const requestId = context.requestId.slice(0, MAX_REQUEST_ID);
    await context.loaders.get(this.grantUses).load(JSON.stringify([identity.subject, requestId, identity.uscc, uscc, scope, what]));
    return true;
  }

  /** `mayRead`, or FORBIDDEN naming the scope a partner's grant would need. */
  async assertMayRead(context: RequestContext, uscc: string, scope: DataScope, what: string): Promise<void> {
    const identity = context.identity;
    const partner = identity?.role === 'PARTNER' && identity.uscc !== undefined && identity.uscc !== uscc;
    if (!partner) {
      assertMayReadEnterprise(identity, uscc, what);
      return;
    }
    const granted = await this.mayRead(context, uscc, scope, what);
    if (!granted) {
      throw forbidden(`${what} of ${uscc} is visible to that enterprise, regulators and partners holding its live grant with scope ${scope} (grantDataAccess)`);
    }
    // The same rule as every other tenancy check, now with the grant found.
    assertMayReadEnterprise(identity, uscc, what, granted);
  }
}
