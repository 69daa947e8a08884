import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBus1764000000000 implements MigrationInterface {
  name = 'CreateBus1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`create sequence bus.events_seq`);
    await runner.query(`
      create table bus.events (
        seq bigint primary key default nextval('bus.events_seq'),
        id uuid not null unique,
        type text not null check (type ~ '^[a-z]+\\.[a-z-]+\\.[a-z-]+$'),
        subject text not null,
        occurred_at timestamptz not null default now(),
        actor text not null,
        data jsonb not null default '{}'
      )`);
    await runner.query(`alter sequence bus.events_seq owned by bus.events.seq`);
    await runner.query(`create index events_type_seq on bus.events (type, seq)`);
    // The log is append-only: consumers rebuild their state by replaying it from seq 0.
    await runner.query(`
      create function bus.refuse_change() returns trigger language plpgsql as $$
      begin raise exception 'bus.events is append-only'; end $$`);
    await runner.query(`
      create trigger events_append_only before update or delete on bus.events
      for each row execute function bus.refuse_change()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop table bus.events`);
    await runner.query(`drop function bus.refuse_change()`);
  }
}
