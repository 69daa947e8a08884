import { DataSource } from 'typeorm';
import type { MigrationSet } from '@sw/migrations';

const MIGRATION_LOCK = 7_245_001;

/**
 * Runs each set's pending migrations, one transaction per migration, under a
 * database-wide advisory lock so that replicas starting together take turns.
 */
export async function runMigrations(url: string, sets: MigrationSet[]): Promise<string[]> {
  const lock = new DataSource({ type: 'postgres', url, extra: { max: 1 } });
  await lock.initialize();
  const applied: string[] = [];
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    for (const set of sets) {
      await lock.query(`create schema if not exists "${set.schema}"`);
      const source = new DataSource({
        type: 'postgres',
        url,
        schema: set.schema,
        migrations: set.migrations,
        migrationsTableName: 'migrations',
        migrationsTransactionMode: 'each',
        extra: { max: 1 },
      });
      await source.initialize();
      try {
        const ran = await source.runMigrations();
        applied.push(...ran.map((m) => `${set.schema}:${m.name}`));
      } finally {
        await source.destroy();
      }
    }
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await lock.destroy();
  }
  return applied;
}
