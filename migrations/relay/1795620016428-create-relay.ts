import type { MigrationInterface, QueryRunner } from 'typeorm';
import { consumerTablesSql } from '../consumer-tables';

/** The NATS relay keeps only what every bus consumer keeps: its offset and the event ids it has published. */
export class CreateRelay1795620016428 implements MigrationInterface {
  name = 'CreateRelay1795620016428';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of consumerTablesSql('relay')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop table relay.processed_events`);
    await runner.query(`drop table relay.consumer_offsets`);
  }
}
