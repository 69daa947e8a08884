import type { MigrationInterface, QueryRunner } from 'typeorm';
import { consumerTablesSql } from '../consumer-tables';

/**
 * The logistics subgraph's tables: the warehouse register (bonded, public and private overseas
 * warehouses) with its status history, parcel milestones reported by logistics firms, and the
 * projections it checks against, fed by events: registry filings (who may operate a warehouse,
 * which customs code belongs to which logistics firm) and the parties of clearance's declarations
 * (who else may read a waybill's milestones).
 */
export class CreateLogistics1796100000000 implements MigrationInterface {
  name = 'CreateLogistics1796100000000';

  async up(runner: QueryRunner): Promise<void> {
    // ---- projections ------------------------------------------------------------------------
    // registry.enterprise.filed / amended / revoked; last_event_seq keeps each row monotonic on replay.
    await runner.query(`
      create table logistics.enterprises (
        uscc char(18) primary key,
        name text not null,
        customs_code char(10),
        roles text[] not null,
        filing_status text not null check (filing_status in ('ACTIVE', 'AMENDED', 'REVOKED')),
        last_event_seq bigint not null,
        updated_at timestamptz not null
      )`);
    // Not unique: a projection must never refuse an event; lookups prefer the live filing.
    await runner.query(`create index enterprises_customs_code on logistics.enterprises (customs_code)`);
    // clearance.declaration.status-changed: the parties of the declaration that clears a waybill
    // (by logisticsNo); the e-commerce enterprise and platform read that waybill's milestones.
    await runner.query(`
      create table logistics.declaration_parties (
        declaration_id text primary key,
        logistics_no text not null,
        logistics_uscc char(18),
        enterprise_uscc char(18),
        platform_uscc char(18),
        last_event_seq bigint not null,
        updated_at timestamptz not null
      )`);
    await runner.query(`create index declaration_parties_logistics_no on logistics.declaration_parties (logistics_no)`);

    // ---- warehouses -------------------------------------------------------------------------
    // name_key and city_key are the name and city folded (lower case, single spaces): one operator
    // registers a warehouse of a kind in a city under a name once.
    await runner.query(`
      create table logistics.warehouses (
        id uuid primary key,
        name text not null,
        name_key text not null,
        operator_uscc char(18) not null,
        kind text not null check (kind in ('BONDED', 'PUBLIC_OVERSEAS', 'PRIVATE_OVERSEAS')),
        country char(2) not null,
        city text not null,
        city_key text not null,
        address text,
        area_m2 numeric(12, 2) not null check (area_m2 > 0),
        services text[] not null,
        status text not null check (status in ('ACTIVE', 'SUSPENDED', 'CLOSED')),
        status_reason text,
        status_changed_at timestamptz not null,
        registered_by text not null,
        registered_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    await runner.query(`create unique index warehouses_identity on logistics.warehouses (operator_uscc, kind, country, city_key, name_key)`);
    await runner.query(`create index warehouses_listing on logistics.warehouses (registered_at desc, id desc)`);
    await runner.query(`create index warehouses_kind_country on logistics.warehouses (kind, country)`);
    await runner.query(`
      create table logistics.warehouse_status_changes (
        id bigserial primary key,
        warehouse_id uuid not null references logistics.warehouses (id),
        from_status text check (from_status in ('ACTIVE', 'SUSPENDED', 'CLOSED')),
        to_status text not null check (to_status in ('ACTIVE', 'SUSPENDED', 'CLOSED')),
        at timestamptz not null,
        actor text not null,
        reason text
      )`);
    await runner.query(`create index warehouse_status_changes_warehouse on logistics.warehouse_status_changes (warehouse_id, id)`);

    // ---- parcel milestones --------------------------------------------------------------------
    // One per (waybill, kind, occurred_at): a report sent again is the same milestone. event_seq is
    // the seq of its logistics.parcel.milestone-reported event: the cursor parcelTracked resumes from.
    await runner.query(`
      create table logistics.parcel_milestones (
        id uuid primary key,
        logistics_code char(10) not null,
        logistics_no text not null,
        kind text not null check (kind in ('PICKED_UP', 'DEPARTED', 'ARRIVED', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION')),
        occurred_at timestamptz not null,
        city text,
        country char(2),
        note text,
        carrier_uscc char(18) not null,
        reported_by text not null,
        reported_at timestamptz not null,
        event_seq bigint not null,
        unique (logistics_code, logistics_no, kind, occurred_at)
      )`);
    await runner.query(`create index parcel_milestones_waybill on logistics.parcel_milestones (logistics_code, logistics_no, occurred_at)`);
    await runner.query(`create index parcel_milestones_logistics_no on logistics.parcel_milestones (logistics_no)`);

    for (const sql of consumerTablesSql('logistics')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'processed_events', 'consumer_offsets', 'parcel_milestones', 'warehouse_status_changes', 'warehouses', 'declaration_parties', 'enterprises',
    ]) {
      await runner.query(`drop table if exists logistics.${table}`);
    }
  }
}
