import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSql, PiiVault } from '@sw/kernel';
import { readResealConfig } from '../config';
import { Resealer } from './reseal';

/**
 * `npm run pii:rotate`: re-seals every personal value still under an older key with the first key of
 * PII_ENCRYPTION_KEYS, while the service keeps running. Rotation without downtime:
 *
 *   1. add the new key *second* in PII_ENCRYPTION_KEYS everywhere (every replica can now read it);
 *   2. move it *first* everywhere (new values are sealed with it);
 *   3. run this command with that same list; it ends with "0 rows left under older keys";
 *   4. remove the old key from the list.
 */
async function main(): Promise<number> {
  const config = readResealConfig();
  const url = config.databaseUrl ?? runningEmbeddedDatabaseUrl();
  // Re-sealing never derives a Person.id, so the hash key is not needed here.
  const vault = new PiiVault(config.piiKeys, Buffer.alloc(0));
  const sql = createSql(url, 2);
  try {
    console.log(`re-sealing personal data under key "${vault.currentKeyId}"`);
    const reported = new Map<string, number>();
    const resealer = new Resealer(sql, vault, {
      onProgress: ({ table, resealed, pending }) => {
        if (reported.get(table) === resealed) return;
        reported.set(table, resealed);
        console.log(`  ${table}: ${resealed} of ${pending} rows re-sealed`);
      },
    });
    const result = await resealer.run();
    for (const [table, outcome] of Object.entries(result.tables)) {
      const notes = [`${outcome.resealed} re-sealed`];
      if (outcome.changedMeanwhile > 0) notes.push(`${outcome.changedMeanwhile} changed by the service meanwhile`);
      if (outcome.failed.length > 0) notes.push(`${outcome.failed.length} could not be opened: ${outcome.failed.slice(0, 20).join(', ')}`);
      console.log(`${table}: ${notes.join(', ')}`);
    }
    if (result.remaining === 0) {
      console.log(`done: 0 rows left under older keys; keys other than "${vault.currentKeyId}" can be removed from PII_ENCRYPTION_KEYS`);
      return 0;
    }
    console.error(`${result.remaining} rows are still under older keys: keep those keys listed; run again once every replica seals with ` +
      `"${vault.currentKeyId}" (rows that could not be opened need the key they were sealed with)`);
    return 1;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Without DATABASE_URL, the database `npm start` runs on its embedded server: its port is the fourth
 * line of the postmaster's pid file (database name and credentials as scripts/start.ts and the kernel set them).
 */
function runningEmbeddedDatabaseUrl(): string {
  const pidFile = join(__dirname, '..', '..', '..', '..', '.data', 'postgres', 'postmaster.pid');
  const lines = existsSync(pidFile) ? readFileSync(pidFile, 'utf8').split('\n') : [];
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0 || !isAlive(pid)) {
    throw new Error('DATABASE_URL is not set and the embedded PostgreSQL of `npm start` is not running: set DATABASE_URL to the registry\'s database');
  }
  return `postgres://postgres:postgres@127.0.0.1:${port}/single_window`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's (the embedded server runs as `postgres` when we are root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
