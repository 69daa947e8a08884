import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention of personal data: an individual past PII_RETENTION_DAYS is anonymised (its sealed
 * name, ID number and phone erased, its keyed-hash id and region kept for statistics).
 */
export class PersonRetention1795619964839 implements MigrationInterface {
  name = 'PersonRetention1795619964839';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      alter table registry.persons
        alter column name_enc drop not null,
        alter column id_number_enc drop not null,
        add column anonymised_at timestamptz`);
    // The erasure is all or nothing: a live filing has its name and number, an anonymised one has none.
    await runner.query(`
      alter table registry.persons add constraint persons_personal_data_until_anonymised check (
        case when anonymised_at is null then name_enc is not null and id_number_enc is not null
             else name_enc is null and id_number_enc is null and phone_enc is null end)`);
    // What the retention job scans: filings not yet anonymised, oldest first.
    await runner.query(`create index persons_retention_due on registry.persons (filed_at) where anonymised_at is null`);
    // Revoked filings still holding sealed contact data, by revocation time (updated_at; a revoked filing never changes again).
    await runner.query(`
      create index enterprises_retention_due on registry.enterprises (updated_at)
      where filing_status = 'REVOKED' and (legal_representative_enc is not null or contact_phone_enc is not null)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const [{ count }] = await runner.query(`select count(*)::int as count from registry.persons where anonymised_at is not null`);
    // Erased data cannot come back, and the columns cannot be NOT NULL again while rows lack it.
    if (count > 0) throw new Error(`cannot revert PersonRetention: ${count} persons are anonymised and their personal data is erased`);
    await runner.query(`drop index registry.enterprises_retention_due`);
    await runner.query(`drop index registry.persons_retention_due`);
    await runner.query(`alter table registry.persons drop constraint persons_personal_data_until_anonymised`);
    await runner.query(`
      alter table registry.persons
        drop column anonymised_at,
        alter column name_enc set not null,
        alter column id_number_enc set not null`);
  }
}
