import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Row triggers do not fire on TRUNCATE; the log stays append-only against that too. */
export class RefuseTruncate1764000000002 implements MigrationInterface {
  name = 'RefuseTruncate1764000000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create trigger events_no_truncate before truncate on bus.events
      for each statement execute function bus.refuse_change()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop trigger events_no_truncate on bus.events`);
  }
}
