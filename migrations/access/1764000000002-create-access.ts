import type { MigrationInterface, QueryRunner } from 'typeorm';
import { consumerTablesSql } from '../consumer-tables';

export class CreateAccess1764000000002 implements MigrationInterface {
  name = 'CreateAccess1764000000002';

  async up(runner: QueryRunner): Promise<void> {
    // The key itself is shown once, at issue; only its SHA-256 is kept, and lookups go by that hash.
    await runner.query(`
      create table access.api_keys (
        id uuid primary key,
        key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
        label text not null check (char_length(label) between 1 and 100),
        role text not null check (role in ('REGULATOR', 'ENTERPRISE', 'PARTNER')),
        uscc char(18),
        scopes text[] not null default '{}',
        created_at timestamptz not null default now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        created_by text not null,
        check ((role = 'REGULATOR') = (uscc is null))
      )`);
    await runner.query(`create index api_keys_listing on access.api_keys (created_at desc, id desc)`);
    await runner.query(`create index api_keys_uscc on access.api_keys (uscc, created_at desc, id desc) where uscc is not null`);

    // Tamper-evident: each entry's hash covers the previous entry's hash (see subgraphs/access/src/audit/audit.chain.ts).
    await runner.query(`
      create table access.audit_log (
        seq bigserial primary key,
        id uuid not null unique,
        at timestamptz not null,
        actor text not null,
        action text not null,
        subject text not null,
        detail jsonb not null default '{}',
        prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text not null check (hash ~ '^[0-9a-f]{64}$')
      )`);
    await runner.query(`create index audit_log_actor on access.audit_log (actor, seq)`);
    await runner.query(`create index audit_log_subject on access.audit_log (subject, seq)`);
    await runner.query(`create index audit_log_action on access.audit_log (action, seq)`);
    await runner.query(`create index audit_log_at on access.audit_log (at)`);
    // Append-only, like bus.events: no update, delete or truncate, so a change needs a deliberate DDL step.
    await runner.query(`
      create function access.refuse_audit_change() returns trigger language plpgsql as $$
      begin raise exception 'access.audit_log is append-only'; end $$`);
    await runner.query(`
      create trigger audit_log_append_only before update or delete on access.audit_log
      for each row execute function access.refuse_audit_change()`);
    await runner.query(`
      create trigger audit_log_no_truncate before truncate on access.audit_log
      for each statement execute function access.refuse_audit_change()`);

    for (const sql of consumerTablesSql('access')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['processed_events', 'consumer_offsets', 'audit_log', 'api_keys']) {
      await runner.query(`drop table access.${table}`);
    }
    await runner.query(`drop function access.refuse_audit_change()`);
  }
}
