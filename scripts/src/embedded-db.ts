import { startEmbeddedPostgres } from '@sw/kernel';

/**
 * Runs the embedded PostgreSQL for `npm start` in its own process group, so Ctrl-C in the
 * terminal reaches the services first and the database stops last, when the launcher says so
 * (SIGTERM) or when the launcher is gone (the IPC channel closes).
 */
async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir || !process.send) throw new Error('usage: started by the launcher with an IPC channel and a data folder');
  const database = await startEmbeddedPostgres(dir);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
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
