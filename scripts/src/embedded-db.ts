import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startEmbeddedPostgres } from '@sw/kernel';

/**
 * Runs the embedded PostgreSQL for `npm start` in its own process group, so Ctrl-C in the
 * terminal reaches the services first and the database stops last, when the launcher says so
 * (SIGTERM) or when the launcher is gone (the IPC channel closes). While it runs, its URL is in
 * `<dir>-url` (.data/postgres-url) for tools such as `npm run backup`; it is removed when it stops.
 */
async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir || !process.send) throw new Error('usage: started by the launcher with an IPC channel and a data folder');
  const database = await startEmbeddedPostgres(dir);
  const urlFile = `${resolve(dir)}-url`;
  writeFileSync(urlFile, `${database.url}\n`, { mode: 0o600 });
  process.on('exit', () => rmSync(urlFile, { force: true }));
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    rmSync(urlFile, { force: true });
    await database.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('disconnect', () => void stop());
  process.send({ url: database.url });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
