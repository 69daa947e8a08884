import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agencies subgraph keeps little of its own: agency answers live in memory (cache), not here.
 * It keeps what makes its events exactly-once in effect: the enterprises whose SAIC record and
 * tax rating it watches (with the fingerprint last published), the customs receipts it has
 * published, the declarations it polls receipts for, and the export-rebate requests it forwarded.
 */
export class CreateAgencies1795620511092 implements MigrationInterface {
  name = 'CreateAgencies1795620511092';

  async up(runner: QueryRunner): Promise<void> {
    // Fingerprints are SHA-256 (hex) of the data last published for that source.
    await runner.query(`
      create table agencies.watched_enterprises (
        uscc char(18) primary key,
        first_seen_at timestamptz not null default now(),
        last_refreshed_at timestamptz,
        saic_fingerprint text check (saic_fingerprint ~ '^[0-9a-f]{64}$'),
        saic_published_at timestamptz,
        tax_fingerprint text check (tax_fingerprint ~ '^[0-9a-f]{64}$'),
        tax_published_at timestamptz
      )`);
    // What the refresh job claims next: never refreshed first, then the longest ago.
    await runner.query(`create index watched_enterprises_refresh on agencies.watched_enterprises (last_refreshed_at nulls first)`);

    await runner.query(`
      create table agencies.customs_declarations (
        declaration_id text primary key,
        cop_no text not null,
        message_type text not null,
        submitted_at timestamptz not null default now(),
        poll_until timestamptz not null,
        last_polled_at timestamptz
      )`);
    await runner.query(`create index customs_declarations_polling on agencies.customs_declarations (poll_until, last_polled_at nulls first)`);

    // One row per receipt id: a receipt that arrives twice (callback and poll, or a callback retry) is published once.
    await runner.query(`
      create table agencies.customs_receipts (
        receipt_id text primary key,
        declaration_id text not null,
        cop_no text not null,
        message_type text not null,
        code text not null,
        message text not null,
        issued_at timestamptz not null,
        received_at timestamptz not null default now(),
        received_via text not null check (received_via in ('CALLBACK', 'POLL'))
      )`);
    await runner.query(`create index customs_receipts_declaration on agencies.customs_receipts (declaration_id, issued_at)`);

    // The tax bureau is idempotent by requestId per taxpayer; this table lets a reused requestId with other content be refused.
    await runner.query(`
      create table agencies.rebate_requests (
        uscc char(18) not null,
        request_id text not null,
        rebate_id text not null,
        fingerprint text not null check (fingerprint ~ '^[0-9a-f]{64}$'),
        submitted_by text not null,
        submitted_at timestamptz not null default now(),
        primary key (uscc, request_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['rebate_requests', 'customs_receipts', 'customs_declarations', 'watched_enterprises']) {
      await runner.query(`drop table agencies.${table}`);
    }
  }
}
