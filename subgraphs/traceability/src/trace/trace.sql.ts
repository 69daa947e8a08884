import type { Sql } from '@sw/kernel';
import type postgres from 'postgres';
import { EVENT_COLUMNS, type EventRow } from '../event/event.row';

/**
 * The trace graph, walked in one recursive query (never a loop of queries in JavaScript).
 *
 * Codes are linked by two kinds of edges, both recorded from events:
 * - containment: a child inside a parent from an aggregation (or association, or transaction with a
 *   parent) ADD/OBSERVE until the parent's next DELETE for it, or until the child goes into another
 *   parent (containment_spans);
 * - transformation: the inputs of a transformation (one transformationID, or one event) to its outputs.
 *
 * Each reached code carries a window [lo, hi]: the part of its life that belongs to the trace, and
 * `up_hi`, how late a container it was in may have taken it in to still count. Walking FORWARD (`F`,
 * where did it go) follows a code up into the containers that carried it while it was inside
 * (item → case → parcel → container; the container's events in that span only) and into the outputs
 * made from it (from the transformation on). Walking BACKWARD (`B`, where did it come from) follows a
 * container down into what it held and an output back to its inputs (their lives up to then), and
 * from each such upstream code up into the containers that carried it before (`U`, which only go
 * further up, never down to their other contents). The code traced itself walks backward with
 * up_hi = -infinity: its own containers are where it went, not where it came from.
 *
 * The events of the trace are those naming a reached code within its window, plus the
 * document-level milestones (clearance's, which name no code) of the declarations those events name.
 *
 * Tenancy is part of the same query: `viewer` null reads everything (regulators); an enterprise
 * reads the events it recorded or is a party to, the events naming a code of its products (GTIN), and
 * the events of the containers while they carried such a code (`carried`: the viewer's own codes
 * among those reached, walked up through their containers). Each rule is one set-based join (`visible`).
 */

/** F walks forward from the code traced, B backward. */
export type WalkMode = 'F' | 'B';

export interface WalkSeeds {
  codes: string[];
  /** A declaration id: the codes its events name become seeds, and its milestones belong to the trace. */
  declaration: string | null;
}

export interface TraceRows {
  events: EventRow[];
  truncated: boolean;
}

type Query = Sql | postgres.TransactionSql;

/** The recursive walk as WITH clauses: `seeds` and `walk(code, lo, hi, up_hi, mode)`. */
function walkClause(sql: Query, seeds: WalkSeeds, modes: WalkMode[]) {
  return sql`
    seeds(code) as (
      select unnest(${seeds.codes}::text[])
      union
      select ec.code from traceability.event_transactions t
      join traceability.event_codes ec on ec.event_id = t.event_id
      where ${seeds.declaration}::text is not null and t.type = 'declaration' and t.id = ${seeds.declaration}::text
    ),
    walk(code, lo, hi, up_hi, mode) as (
      select s.code, '-infinity'::timestamptz, 'infinity'::timestamptz,
             case m.mode when 'F' then 'infinity'::timestamptz else '-infinity'::timestamptz end, m.mode
      from seeds s cross join unnest(${modes}::text[]) as m(mode)
      union
      select n.code, n.lo, n.hi, n.up_hi, n.mode
      from walk w
      cross join lateral (
        -- up: the containers that carried w.code while it was inside them
        select c.parent as code, greatest(w.lo, c.at) as lo, least(w.up_hi, c.until) as hi, least(w.up_hi, c.until) as up_hi,
               case when w.mode = 'F' then 'F' else 'U' end as mode
        from traceability.containment_spans c
        where c.child = w.code and c.at <= w.up_hi and c.until > w.lo
        union all
        -- down (backward): what a container held, up to when it came out; its earlier containers count
        select c.child, '-infinity'::timestamptz, least(w.hi, c.until), c.at, 'B'
        from traceability.containment_spans c
        where w.mode = 'B' and c.parent = w.code and c.at <= w.hi and c.until > w.lo
        union all
        -- forward: what was made from w.code, from then on
        select o.code, o.event_time, 'infinity'::timestamptz, 'infinity'::timestamptz, 'F'
        from traceability.event_codes i
        join traceability.event_codes o on o.xform = i.xform and o.role = 'OUTPUT'
        where w.mode = 'F' and i.role = 'INPUT' and i.code = w.code and i.event_time between w.lo and w.hi
        union all
        -- backward: what w.code was made from, up to then
        select i.code, '-infinity'::timestamptz, i.event_time, i.event_time, 'B'
        from traceability.event_codes o
        join traceability.event_codes i on i.xform = o.xform and i.role = 'INPUT'
        where w.mode = 'B' and o.role = 'OUTPUT' and o.code = w.code and o.event_time between w.lo and w.hi
      ) n
    )`;
}

/** The events of a trace, time-ordered, filtered for `viewer` in the query itself; at most `limit` (truncated says whether more exist). */
export async function traceEvents(sql: Query, seeds: WalkSeeds, modes: WalkMode[], viewer: string | null, limit: number): Promise<TraceRows> {
  const rows = await sql<EventRow[]>`
    with recursive ${walkClause(sql, seeds, modes)},
    hits as (
      select distinct ec.event_id
      from walk w
      join traceability.event_codes ec on ec.code = w.code and ec.event_time between w.lo and w.hi
    ),
    declarations(id) as (
      select t.id from hits h join traceability.event_transactions t on t.event_id = h.event_id and t.type = 'declaration'
      union
      select ${seeds.declaration}::text where ${seeds.declaration}::text is not null
    ),
    milestones as (
      select t.event_id
      from declarations d
      join traceability.event_transactions t on t.type = 'declaration' and t.id = d.id
      where not exists (select 1 from traceability.event_codes c where c.event_id = t.event_id)
    ),
    found as (select event_id from hits union select event_id from milestones),
    -- The viewer's own goods among the codes reached (by GTIN), and the containers while they carried them.
    own(code) as (
      select distinct g.code
      from traceability.event_codes g
      join traceability.products p on p.gtin14 = g.gtin14
      where ${viewer}::text is not null and p.owner_uscc = ${viewer}::text and g.code in (select code from walk)
    ),
    carried(code, lo, hi) as (
      select code, '-infinity'::timestamptz, 'infinity'::timestamptz from own
      union
      select c.parent, greatest(k.lo, c.at), least(k.hi, c.until)
      from carried k
      join traceability.containment_spans c on c.child = k.code and c.at <= k.hi and c.until > k.lo
    ),
    visible(event_id) as (
      select event_id from found where ${viewer}::text is null
      union
      select f.event_id from found f join traceability.events e on e.event_id = f.event_id
      where e.enterprise_uscc = ${viewer}::text or ${viewer}::text = any(e.parties)
      union
      select g.event_id from found f
      join traceability.event_codes g on g.event_id = f.event_id
      join traceability.products p on p.gtin14 = g.gtin14 and p.owner_uscc = ${viewer}::text
      union
      select g.event_id from carried k
      join traceability.event_codes g on g.code = k.code and g.event_time between k.lo and k.hi
      join found f on f.event_id = g.event_id
    )
    select ${sql.unsafe(EVENT_COLUMNS)}
    from visible v
    join traceability.events e on e.event_id = v.event_id
    order by e.event_time, e.event_id
    limit ${limit + 1}`;
  return { events: rows.slice(0, limit), truncated: rows.length > limit };
}

export interface AffectedRows {
  /** Every code downstream of the seeds, with the waybill number when it travelled as a parcel. */
  codes: { code: string; waybillNo: string | null }[];
  declarations: string[];
}

/**
 * What a quality risk reaches: the forward walk from its seeds (the items made from a batch, the
 * cases, parcels and containers that carried them while they were inside). A reached code is a
 * parcel when an event names it with a waybill; the declarations are those named by the events of
 * reached codes within their windows. (A parcel is named as an object or a parent, not as a child: the
 * items packed into a parcel share its waybill without being parcels.)
 */
export async function affectedGoods(sql: Query, seeds: string[]): Promise<AffectedRows> {
  const rows = await sql<{ kind: string; value: string; waybill_no: string | null }[]>`
    with recursive ${walkClause(sql, { codes: seeds, declaration: null }, ['F'])},
    reached as (select distinct code from walk)
    select 'code' as kind, r.code as value,
           (select min(t.id) from traceability.event_codes ec
            join traceability.event_transactions t on t.event_id = ec.event_id and t.type = 'waybill'
            where ec.code = r.code and ec.role in ('EPC', 'PARENT')) as waybill_no
    from reached r
    union all
    select distinct 'declaration', t.id, null
    from walk w
    join traceability.event_codes ec on ec.code = w.code and ec.event_time between w.lo and w.hi
    join traceability.event_transactions t on t.event_id = ec.event_id and t.type = 'declaration'`;
  const codes = rows.filter((row) => row.kind === 'code').map((row) => ({ code: row.value, waybillNo: row.waybill_no }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const declarations = rows.filter((row) => row.kind === 'declaration').map((row) => row.value).sort();
  return { codes, declarations };
}

/** Every code that carries one of these GTINs (the items, batches and classes of filed products). */
export async function codesOfGtins(sql: Query, gtins: string[]): Promise<string[]> {
  if (gtins.length === 0) return [];
  const rows = await sql<{ code: string }[]>`
    select distinct code from traceability.event_codes where gtin14 = any(${gtins}::text[]) order by code`;
  return rows.map((row) => row.code);
}
