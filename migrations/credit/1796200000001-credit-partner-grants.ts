import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropGrantTablesSql, grantTablesSql } from '../grant-tables';

/** Credit enforces consent grants (CREDIT, RISK) from its own projection of them. */
export class CreditPartnerGrants1796200000001 implements MigrationInterface {
  name = 'CreditPartnerGrants1796200000001';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of grantTablesSql('credit')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const sql of dropGrantTablesSql('credit')) await runner.query(sql);
  }
}
