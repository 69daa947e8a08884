import type { MigrationInterface, QueryRunner } from 'typeorm';
import { consumerTablesSql } from '../consumer-tables';

/**
 * The traceability subgraph's tables: product filings, EPCIS 2.0 trace events with the codes,
 * containments and business transactions they name (the trace graph), quality risks and recalls
 * with the goods they affect, and the projection of registry filings it validates owners against.
 *
 * The graph is read by recursive SQL (subgraphs/traceability/src/trace/trace.sql.ts): a code's
 * events are found through `event_codes (code, event_time)`, containment spans through
 * `containments`, transformations through `event_codes (xform)`.
 */
export class CreateTraceability1795900000000 implements MigrationInterface {
  name = 'CreateTraceability1795900000000';

  async up(runner: QueryRunner): Promise<void> {
    // ---- projection -------------------------------------------------------------------------
    // registry.enterprise.filed / amended / revoked; last_event_seq keeps each row monotonic on replay.
    await runner.query(`
      create table traceability.enterprises (
        uscc char(18) primary key,
        name text not null,
        customs_code char(10),
        filing_status text not null check (filing_status in ('ACTIVE', 'AMENDED', 'REVOKED')),
        last_event_seq bigint not null,
        updated_at timestamptz not null
      )`);

    // ---- product filings (商品备案) ------------------------------------------------------------
    await runner.query(`
      create table traceability.products (
        id uuid primary key,
        owner_uscc char(18) not null,
        sku text not null check (char_length(sku) between 1 and 64),
        name text not null check (char_length(name) between 1 and 200),
        brand text,
        specification text,
        hs_code char(10) not null check (hs_code ~ '^[0-9]{10}$'),
        origin_country char(2) not null check (origin_country ~ '^[A-Z]{2}$'),
        gtin text check (gtin ~ '^([0-9]{8}|[0-9]{12,14})$'),
        gtin14 char(14) unique check (gtin14 ~ '^[0-9]{14}$'),
        status text not null check (status in ('FILED', 'SUSPENDED')),
        filed_by text not null,
        filed_at timestamptz not null,
        updated_at timestamptz not null,
        unique (owner_uscc, sku),
        check ((gtin is null) = (gtin14 is null))
      )`);
    await runner.query(`create index products_listing on traceability.products (owner_uscc, id)`);

    // ---- trace events (EPCIS 2.0) ---------------------------------------------------------------
    // One row per event; what/why lists as captured live in body (jsonb), the graph in the tables below.
    await runner.query(`
      create table traceability.events (
        event_id text primary key check (char_length(event_id) between 1 and 256),
        event_type text not null check (event_type in ('OBJECT', 'AGGREGATION', 'TRANSACTION', 'TRANSFORMATION', 'ASSOCIATION')),
        action text check (action in ('ADD', 'OBSERVE', 'DELETE')),
        event_time timestamptz not null,
        event_time_zone_offset text not null check (event_time_zone_offset ~ '^[+-][0-9]{2}:[0-9]{2}$'),
        record_time timestamptz not null default now(),
        biz_step text,
        disposition text,
        read_point text,
        biz_location text,
        parent_id text,
        transformation_id text,
        body jsonb not null,
        enterprise_uscc char(18),
        parties text[] not null default '{}',
        captured_by text not null,
        source text not null check (source in ('API', 'EPCIS_IMPORT', 'CLEARANCE')),
        content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
        check ((event_type = 'TRANSFORMATION') = (action is null))
      )`);
    await runner.query(`create index events_enterprise on traceability.events (enterprise_uscc, event_time) where enterprise_uscc is not null`);

    // Every code an event names, by role; gtin14 when the code carries a GTIN (SGTIN, LGTIN, Digital Link).
    // xform groups the inputs and outputs of one transformation (its transformationID, else the event).
    await runner.query(`
      create table traceability.event_codes (
        event_id text not null references traceability.events (event_id) on delete cascade,
        code text not null,
        role text not null check (role in ('EPC', 'PARENT', 'CHILD', 'INPUT', 'OUTPUT')),
        class_level boolean not null,
        event_time timestamptz not null,
        gtin14 char(14),
        xform text,
        primary key (event_id, role, code),
        check ((role in ('INPUT', 'OUTPUT')) = (xform is not null))
      )`);
    await runner.query(`create index event_codes_code on traceability.event_codes (code, event_time)`);
    await runner.query(`create index event_codes_xform on traceability.event_codes (xform, role) where xform is not null`);
    await runner.query(`create index event_codes_gtin on traceability.event_codes (gtin14) where gtin14 is not null`);

    await runner.query(`create index event_codes_gtin_by_code on traceability.event_codes (code) where gtin14 is not null`);
    // Tenancy (subgraphs/traceability/src/common/access.ts): is a code one of this owner's products (by GTIN)?
    await runner.query(`
      create function traceability.code_of_owner(code text, owner text) returns boolean
      language sql stable parallel safe as $$
        select $2 is not null and exists (
          select 1 from traceability.event_codes g join traceability.products p on p.gtin14 = g.gtin14
          where g.code = $1 and g.gtin14 is not null and p.owner_uscc = $2)
      $$`);

    // Aggregation, association and transaction events with a parent: IN puts a child into the parent
    // (ADD, OBSERVE), OUT takes it out (DELETE); an OUT without a child empties the parent (EPCIS 2.0 §7.4.3).
    await runner.query(`
      create table traceability.containments (
        event_id text not null references traceability.events (event_id) on delete cascade,
        child text,
        child_class boolean not null default false,
        parent text not null,
        at timestamptz not null,
        op text not null check (op in ('IN', 'OUT')),
        check (op = 'OUT' or child is not null)
      )`);
    await runner.query(`create index containments_child on traceability.containments (child, at) where op = 'IN'`);
    await runner.query(`create index containments_parent_in on traceability.containments (parent, at) where op = 'IN'`);
    await runner.query(`create index containments_parent_out on traceability.containments (parent, at) where op = 'OUT'`);
    // A containment lasts from its IN until the parent's next OUT for that child (or for all children),
    // or until the child (one object, not a batch quantity) is put into another parent: a thing is in
    // one container at a time, even when nobody recorded taking it out of the first.
    await runner.query(`
      create view traceability.containment_spans as
      select c.event_id, c.child, c.parent, c.at,
             coalesce(least(
               (select min(o.at) from traceability.containments o
                where o.op = 'OUT' and o.parent = c.parent and (o.child = c.child or o.child is null) and o.at > c.at),
               (select min(n.at) from traceability.containments n
                where not c.child_class and n.op = 'IN' and n.child = c.child and n.parent <> c.parent and n.at > c.at)
             ), 'infinity'::timestamptz) as until
      from traceability.containments c
      where c.op = 'IN'`);

    // bizTransactionList: CBV types (po, bol, …) and ours (declaration, waybill).
    await runner.query(`
      create table traceability.event_transactions (
        event_id text not null references traceability.events (event_id) on delete cascade,
        type text not null,
        id text not null,
        primary key (event_id, type, id)
      )`);
    await runner.query(`create index event_transactions_id on traceability.event_transactions (type, id)`);

    // ---- quality risks and recalls --------------------------------------------------------------
    await runner.query(`
      create table traceability.quality_risks (
        id uuid primary key,
        source text not null check (source in ('INSPECTION', 'COMPLAINT', 'RECALL_NOTICE', 'PUBLIC_OPINION')),
        severity text not null check (severity in ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
        title text not null,
        description text,
        reference text,
        product_ids uuid[] not null,
        batches text[] not null,
        codes text[] not null,
        enterprises text[] not null,
        status text not null check (status in ('OPEN', 'RECALLED')),
        reported_by text not null,
        reporter_uscc char(18),
        reported_at timestamptz not null
      )`);
    await runner.query(`create index quality_risks_listing on traceability.quality_risks (reported_at desc, id desc)`);
    await runner.query(`create index quality_risks_enterprises on traceability.quality_risks using gin (enterprises)`);
    await runner.query(`
      create table traceability.recalls (
        id uuid primary key,
        risk_id uuid not null unique references traceability.quality_risks (id),
        reason text not null,
        instructions text,
        issued_by text not null,
        issuer_uscc char(18),
        issued_at timestamptz not null
      )`);
    // What a risk (at report) or a recall (at issue) reached through the trace graph; subject_id is the risk's or recall's id.
    await runner.query(`
      create table traceability.affected_codes (
        subject_id uuid not null,
        code text not null,
        waybill_no text,
        primary key (subject_id, code)
      )`);
    await runner.query(`
      create table traceability.affected_declarations (
        subject_id uuid not null,
        declaration_id text not null,
        primary key (subject_id, declaration_id)
      )`);

    for (const sql of consumerTablesSql('traceability')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop view traceability.containment_spans`);
    await runner.query(`drop function traceability.code_of_owner(text, text)`);
    for (const table of [
      'processed_events', 'consumer_offsets', 'affected_declarations', 'affected_codes', 'recalls', 'quality_risks',
      'event_transactions', 'containments', 'event_codes', 'events', 'products', 'enterprises',
    ]) {
      await runner.query(`drop table traceability.${table}`);
    }
  }
}
