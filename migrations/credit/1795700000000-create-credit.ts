import type { MigrationInterface, QueryRunner } from 'typeorm';
import { consumerTablesSql } from '../consumer-tables';

/**
 * The credit subgraph's own tables. Credit never reads another subgraph's tables: filings arrive
 * as registry events (credit.enterprises is that projection), list entries and ratings as agency
 * events, and every input that moves a grade is one row of credit.records, whatever its source.
 */
export class CreateCredit1795700000000 implements MigrationInterface {
  name = 'CreateCredit1795700000000';

  async up(runner: QueryRunner): Promise<void> {
    // Projection of registry.enterprise.filed / amended / revoked; last_event_seq keeps it monotonic.
    await runner.query(`
      create table credit.enterprises (
        uscc char(18) primary key,
        name text not null,
        customs_code char(10),
        filing_status text not null check (filing_status in ('ACTIVE', 'AMENDED', 'REVOKED')),
        last_event_seq bigint not null,
        updated_at timestamptz not null
      )`);

    // One row per input, from any source. New sources (clearance, traceability, statistics) add
    // kinds and a consumer translation; the table does not change. source_key is the source's own
    // identity of the fact (an event id, a SAIC list entry, a tax year), so a redelivered or
    // re-published fact updates its row instead of adding one. No foreign key to the projection:
    // an agency may report on an enterprise before its filing reaches credit, and the fact must
    // still count once it does.
    await runner.query(`
      create table credit.records (
        id uuid primary key,
        uscc char(18) not null,
        source text not null check (source in ('REGULATOR', 'SAIC', 'TAX', 'CLEARANCE', 'TRACEABILITY', 'STATISTICS')),
        kind text not null,
        authority text not null,
        occurred_on date not null,
        ended_on date,
        evidence text not null,
        detail jsonb not null default '{}',
        source_key text unique,
        recorded_at timestamptz not null,
        recorded_by text not null
      )`);
    await runner.query(`create index records_by_uscc on credit.records (uscc, occurred_on desc, id desc)`);

    // The computed profile, stored: reads never recompute. refresh_due_at is when decay of old
    // records next needs a recomputation (null when nothing decays).
    await runner.query(`
      create table credit.profiles (
        uscc char(18) primary key references credit.enterprises (uscc),
        grade text not null check (grade in ('A', 'B', 'C', 'D')),
        customs_class text not null
          check (customs_class in ('ADVANCED_CERTIFIED', 'CERTIFIED', 'REGULAR', 'DISHONEST', 'SERIOUSLY_DISHONEST')),
        tax_rating text check (tax_rating in ('A', 'B', 'M', 'C', 'D')),
        on_negative_list boolean not null,
        score numeric(5, 2) not null check (score between 0 and 100),
        factors jsonb not null,
        supervision jsonb not null,
        risk_class text not null check (risk_class in ('LOW', 'MEDIUM', 'HIGH')),
        computed_at timestamptz not null,
        refresh_due_at timestamptz,
        version integer not null default 1
      )`);
    await runner.query(`create index profiles_refresh_due on credit.profiles (refresh_due_at) where refresh_due_at is not null`);

    await runner.query(`
      create table credit.grade_changes (
        id bigserial primary key,
        uscc char(18) not null references credit.enterprises (uscc),
        from_grade text,
        to_grade text not null,
        from_class text,
        to_class text not null,
        score numeric(5, 2) not null,
        cause text not null,
        at timestamptz not null
      )`);
    await runner.query(`create index grade_changes_by_uscc on credit.grade_changes (uscc, id)`);

    await runner.query(`
      create table credit.negative_list (
        id bigserial primary key,
        uscc char(18) not null references credit.enterprises (uscc),
        reason text not null,
        authority text not null,
        listed_on date not null,
        listed_at timestamptz not null,
        listed_by text not null,
        delisted_on date,
        delisted_at timestamptz,
        delisted_by text,
        delist_reason text,
        delist_authority text,
        check ((delisted_at is null) = (delisted_on is null)),
        check (delisted_on is null or delisted_on >= listed_on)
      )`);
    // A subject is on the list at most once at a time.
    await runner.query(`create unique index negative_list_one_open on credit.negative_list (uscc) where delisted_at is null`);
    await runner.query(`create index negative_list_by_uscc on credit.negative_list (uscc, id)`);

    await runner.query(`
      create table credit.risk_warnings (
        id bigserial primary key,
        uscc char(18) not null references credit.enterprises (uscc),
        kind text not null,
        severity text not null check (severity in ('MEDIUM', 'HIGH')),
        source_ref text not null,
        evidence text not null,
        raised_at timestamptz not null,
        closed_at timestamptz
      )`);
    await runner.query(`create unique index risk_warnings_one_open on credit.risk_warnings (uscc, kind, source_ref) where closed_at is null`);
    await runner.query(`create index risk_warnings_open on credit.risk_warnings (id desc) where closed_at is null`);

    for (const sql of consumerTablesSql('credit')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['processed_events', 'consumer_offsets', 'risk_warnings', 'negative_list', 'grade_changes', 'profiles', 'records', 'enterprises']) {
      await runner.query(`drop table credit.${table}`);
    }
  }
}
