import type { MigrationInterface, QueryRunner } from 'typeorm';
import { consumerTablesSql } from '../consumer-tables';

/** Agencies starts consuming the bus: clearance hands declarations over to customs through it. */
export class AgenciesConsumers1795900000000 implements MigrationInterface {
  name = 'AgenciesConsumers1795900000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of consumerTablesSql('agencies')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table agencies.processed_events');
    await runner.query('drop table agencies.consumer_offsets');
  }
}
