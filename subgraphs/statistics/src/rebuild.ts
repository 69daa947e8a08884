import { createLogger, createSql, EnvReader, runMigrations } from '@sw/kernel';
import { busMigrations, statisticsMigrations } from '@sw/migrations';
import { rebuildFromLog } from './events/rebuild';
import { statisticsConsumer } from './events/statistics.consumer';

/**
 * `node subgraphs/statistics/dist/rebuild.js`: rebuilds statistics' projections and rollups from
 * the whole log. Run it while the statistics service is stopped (its consumer must not run
 * meanwhile); published indices and regulators' target entries are kept.
 */
async function main(): Promise<void> {
  const read = new EnvReader();
  const databaseUrl = read.string('DATABASE_URL');
  read.done();
  const logger = createLogger('statistics-rebuild');
  await runMigrations(databaseUrl, [busMigrations, statisticsMigrations]);
  const sql = createSql(databaseUrl, 2);
  try {
    const applied = await rebuildFromLog(sql, statisticsConsumer(sql, logger));
    console.log(`statistics rebuilt from the log: ${applied} events applied`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
