import type { MigrationInterface, QueryRunner } from 'typeorm';
import { consumerTablesSql } from '../consumer-tables';
import { dropGrantTablesSql, grantTablesSql } from '../grant-tables';

/**
 * Agencies enforces consent grants (TAX, REBATE) from its own projection of them, kept by a bus
 * consumer. The consumer's offset tables come from AgenciesConsumers1795900000000; they are made
 * here only if that migration is absent.
 */
export class AgenciesPartnerGrants1796200000002 implements MigrationInterface {
  name = 'AgenciesPartnerGrants1796200000002';

  async up(runner: QueryRunner): Promise<void> {
    const [{ present }] = await runner.query(`select to_regclass('agencies.consumer_offsets') is not null as present`);
    if (!present) for (const sql of consumerTablesSql('agencies')) await runner.query(sql);
    for (const sql of grantTablesSql('agencies')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const sql of dropGrantTablesSql('agencies')) await runner.query(sql);
  }
}
