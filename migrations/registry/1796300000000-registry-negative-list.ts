import type { MigrationInterface, QueryRunner } from 'typeorm';
import { consumerTablesSql } from '../consumer-tables';

/**
 * The registry's projection of credit's negative list (credit.negative-list.listed / delisted), so
 * that it refuses a listed subject's filings and amendments from its own table (DESIGN.md: no
 * subgraph reads another's tables). One row per USCC ever listed; last_event_seq keeps it monotonic
 * under replay. Registry's first bus consumer needs the offset tables too, unless an earlier
 * migration made them.
 */
export class RegistryNegativeList1796300000000 implements MigrationInterface {
  name = 'RegistryNegativeList1796300000000';

  async up(runner: QueryRunner): Promise<void> {
    const [{ present }] = await runner.query(`select to_regclass('registry.consumer_offsets') is not null as present`);
    if (!present) for (const sql of consumerTablesSql('registry')) await runner.query(sql);
    await runner.query(`
      create table registry.negative_list (
        uscc char(18) primary key,
        listed boolean not null,
        entry_id text not null,
        reason text,
        authority text,
        listed_on date,
        last_event_seq bigint not null,
        updated_at timestamptz not null
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table registry.negative_list');
    // The offset tables go too when no other registry consumer keeps its offset there.
    await runner.query(`delete from registry.processed_events where consumer = 'credit-negative-list'`);
    await runner.query(`delete from registry.consumer_offsets where consumer = 'credit-negative-list'`);
    const [{ others }] = await runner.query('select count(*)::int as others from registry.consumer_offsets');
    if (others === 0) {
      await runner.query('drop table registry.processed_events');
      await runner.query('drop table registry.consumer_offsets');
    }
  }
}
