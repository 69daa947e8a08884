import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consent grants (API.md, Finance and logistics): the grants enterprises give partners, the log of
 * every read under one, and access's projection of registry filings (a grant names filed enterprises).
 */
export class DataAccessGrants1796200000000 implements MigrationInterface {
  name = 'DataAccessGrants1796200000000';

  async up(runner: QueryRunner): Promise<void> {
    // Projection of registry.enterprise.filed / amended / revoked; last_event_seq keeps it monotonic.
    await runner.query(`
      create table access.enterprises (
        uscc char(18) primary key,
        roles text[] not null default '{}',
        filing_status text not null check (filing_status in ('ACTIVE', 'AMENDED', 'REVOKED')),
        last_event_seq bigint not null,
        updated_at timestamptz not null
      )`);

    await runner.query(`
      create table access.data_access_grants (
        id uuid primary key,
        uscc char(18) not null,
        partner_uscc char(18) not null,
        scopes text[] not null check (cardinality(scopes) > 0),
        until timestamptz not null,
        created_at timestamptz not null,
        created_by text not null,
        revoked_at timestamptz,
        revoked_by text,
        check (uscc <> partner_uscc),
        check ((revoked_at is null) = (revoked_by is null))
      )`);
    await runner.query(`create index data_access_grants_by_uscc on access.data_access_grants (uscc, created_at desc, id desc)`);
    await runner.query(`create index data_access_grants_by_partner on access.data_access_grants (partner_uscc, uscc)`);

    // One row per access.grant.used event (its id): who read which scope's fields, when, in which request.
    await runner.query(`
      create table access.data_access_log (
        seq bigserial primary key,
        id uuid not null unique,
        uscc char(18) not null,
        partner_uscc char(18) not null,
        scope text not null,
        what text[] not null,
        request_id text not null,
        actor text not null,
        at timestamptz not null
      )`);
    await runner.query(`create index data_access_log_by_uscc on access.data_access_log (uscc, seq desc)`);
    // Append-only, like the audit log it sits beside.
    await runner.query(`
      create function access.refuse_log_change() returns trigger language plpgsql as $$
      begin raise exception 'access.% is append-only', tg_table_name; end $$`);
    await runner.query(`
      create trigger data_access_log_append_only before update or delete on access.data_access_log
      for each row execute function access.refuse_log_change()`);
    await runner.query(`
      create trigger data_access_log_no_truncate before truncate on access.data_access_log
      for each statement execute function access.refuse_log_change()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['data_access_log', 'data_access_grants', 'enterprises']) await runner.query(`drop table access.${table}`);
    await runner.query(`drop function access.refuse_log_change()`);
  }
}
