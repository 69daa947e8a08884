import type { MigrationInterface, QueryRunner } from 'typeorm';
import { consumerTablesSql } from '../consumer-tables';

export class CreateRegistry1764000000001 implements MigrationInterface {
  name = 'CreateRegistry1764000000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table registry.enterprises (
        uscc char(18) primary key,
        name text not null,
        customs_code char(10) unique,
        region text not null,
        roles text[] not null,
        legal_representative_enc text,
        address text,
        contact_phone_enc text,
        filing_status text not null default 'ACTIVE' check (filing_status in ('ACTIVE', 'AMENDED', 'REVOKED')),
        filed_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await runner.query(`create index enterprises_region on registry.enterprises (region)`);
    await runner.query(`create index enterprises_roles on registry.enterprises using gin (roles)`);
    await runner.query(`
      create table registry.qualifications (
        uscc char(18) not null references registry.enterprises (uscc),
        agency text not null check (agency in ('CUSTOMS', 'TAX', 'FOREX', 'INSPECTION', 'COMMERCE', 'SAIC')),
        status text not null check (status in ('ACTIVE', 'SUSPENDED', 'REVOKED')),
        updated_at timestamptz not null default now(),
        primary key (uscc, agency)
      )`);
    await runner.query(`
      create table registry.filing_changes (
        id bigserial primary key,
        uscc char(18) not null references registry.enterprises (uscc),
        kind text not null check (kind in ('FILED', 'AMENDED', 'REVOKED')),
        changed text[] not null default '{}',
        reason text,
        actor text not null,
        at timestamptz not null default now()
      )`);
    await runner.query(`create index filing_changes_uscc on registry.filing_changes (uscc, id)`);
    await runner.query(`
      create table registry.persons (
        id text primary key,
        name_enc text not null,
        id_number_enc text not null,
        phone_enc text,
        region text not null,
        filed_at timestamptz not null default now()
      )`);
    for (const sql of consumerTablesSql('registry')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['processed_events', 'consumer_offsets', 'persons', 'filing_changes', 'qualifications', 'enterprises']) {
      await runner.query(`drop table registry.${table}`);
    }
  }
}
