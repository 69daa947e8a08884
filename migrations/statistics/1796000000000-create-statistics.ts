import type { MigrationInterface, QueryRunner } from 'typeorm';
import { consumerTablesSql } from '../consumer-tables';

/**
 * The statistics subgraph's own tables. Statistics never reads another subgraph's tables: every
 * figure comes from bus events. The derived tables (projections, facts, rollups) are rebuilt by
 * replaying the log from seq 0; published_indices and target_entries are not derived from the log
 * (a publication and regulators' entries) and survive a rebuild.
 */
export class CreateStatistics1796000000000 implements MigrationInterface {
  name = 'CreateStatistics1796000000000';

  async up(runner: QueryRunner): Promise<void> {
    // Projection of registry.enterprise.filed / amended / revoked: region and roles attribute trade,
    // CBEC roles count toward the pilot target. last_event_seq keeps it monotonic under redelivery.
    await runner.query(`
      create table statistics.enterprises (
        uscc char(18) primary key,
        customs_code char(10),
        region text,
        roles text[] not null default '{}',
        filing_status text not null check (filing_status in ('ACTIVE', 'AMENDED', 'REVOKED')),
        last_event_seq bigint not null
      )`);
    await runner.query(`create index enterprises_roles on statistics.enterprises using gin (roles)`);

    // Projection of credit.profile.grade-changed and credit.risk.class-changed (an enterprise credit
    // has said nothing about is at its baseline, grade B and risk LOW).
    await runner.query(`
      create table statistics.credit (
        uscc char(18) primary key,
        grade text check (grade in ('A', 'B', 'C', 'D')),
        risk_class text check (risk_class in ('LOW', 'MEDIUM', 'HIGH')),
        grade_seq bigint not null default 0,
        risk_seq bigint not null default 0
      )`);

    // The filed population by credit grade and by risk class, as changes per day (Asia/Shanghai):
    // the distribution on day D is the sum of the deltas up to D, so a month's end is one range sum.
    await runner.query(`
      create table statistics.population_daily (
        day date not null,
        kind text not null check (kind in ('GRADE', 'RISK')),
        class text not null,
        delta integer not null,
        primary key (kind, day, class)
      )`);

    // One row per cleared declaration: what it contributed to the rollups, so a re-published
    // (amended) clearance adjusts them by the difference instead of counting twice.
    await runner.query(`
      create table statistics.trade_facts (
        declaration_id uuid primary key,
        cop_no text not null,
        uscc char(18) not null,
        day date not null,
        direction text not null,
        mode text not null,
        region text not null,
        country text not null,
        currency text not null,
        value_cny numeric(20, 2) not null,
        chapters jsonb not null,
        roles text[] not null,
        cleared_at timestamptz not null,
        last_event_seq bigint not null
      )`);

    // The rollup every read aggregates: per day (Asia/Shanghai) and declaring enterprise, by the
    // single-valued dimensions, at four grains. hs_chapter and enterprise_role are '*' for the
    // declaration as a whole; a chapter counts the value of the declaration's lines in it, a role
    // the whole declaration once per role its enterprise holds. Within a grain every declaration
    // is in exactly one row per (chapter, role), so counts and values add up.
    await runner.query(`
      create table statistics.trade_daily (
        day date not null,
        hs_chapter text not null,
        enterprise_role text not null,
        direction text not null,
        mode text not null,
        region text not null,
        country text not null,
        uscc char(18) not null,
        declarations integer not null,
        value_cny numeric(20, 2) not null,
        cny_value numeric(20, 2) not null,
        primary key (day, hs_chapter, enterprise_role, direction, mode, region, country, uscc)
      )`);
    await runner.query(`create index trade_daily_by_uscc on statistics.trade_daily (uscc, day)`);

    // Status timestamps per declaration, from clearance.declaration.status-changed: the efficiency
    // component's clearance time is released_at − coalesce(submitted_at, declared_at).
    await runner.query(`
      create table statistics.clearance_times (
        declaration_id uuid primary key,
        declared_at timestamptz,
        submitted_at timestamptz,
        released_at timestamptz,
        release_day date
      )`);
    await runner.query(`create index clearance_times_by_release on statistics.clearance_times (release_day) where release_day is not null`);

    // A closed month's composite index, stored once when first published and never rewritten.
    await runner.query(`
      create table statistics.published_indices (
        period text primary key check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        base_period text not null,
        value double precision not null,
        components jsonb not null,
        published_at timestamptz not null,
        published_by text not null
      )`);

    // What regulators enter for the targets the system cannot measure (recordTargetProgress).
    await runner.query(`
      create table statistics.target_entries (
        id bigserial primary key,
        key text not null,
        actual numeric(20, 2) not null check (actual >= 0),
        as_of date not null,
        recorded_at timestamptz not null,
        recorded_by text not null
      )`);
    await runner.query(`create index target_entries_latest on statistics.target_entries (key, as_of desc, id desc)`);

    for (const sql of consumerTablesSql('statistics')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'processed_events', 'consumer_offsets', 'target_entries', 'published_indices', 'clearance_times', 'trade_daily', 'trade_facts',
      'population_daily', 'credit', 'enterprises',
    ]) {
      await runner.query(`drop table statistics.${table}`);
    }
  }
}
