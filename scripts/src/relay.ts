import { createLogger, createSql, EnvReader, runMigrations, stopOnSignals } from '@sw/kernel';
// Not re-exported from @sw/kernel's index, so that services which never relay do not load the NATS client.
import { natsNameProblems, startNatsRelay } from '@sw/kernel/dist/bus/nats-relay';
import { busMigrations, relayMigrations } from '@sw/migrations';

/**
 * The NATS relay as its own process (`node scripts/dist/relay.js`): publishes every bus event to
 * NATS JetStream until SIGINT/SIGTERM. `npm start` runs it when NATS_URL is set.
 */
export const RELAY_READY = 'nats relay ready';

interface RelayConfig {
  databaseUrl: string;
  natsUrl: string;
  stream: string;
  subjectPrefix: string;
}

function readRelayConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  const read = new EnvReader(env);
  const config: RelayConfig = {
    databaseUrl: read.string('DATABASE_URL'),
    natsUrl: read.string('NATS_URL'),
    stream: read.string('NATS_STREAM', 'SINGLE_WINDOW'),
    subjectPrefix: read.string('NATS_SUBJECT_PREFIX', 'sw'),
  };
  for (const problem of natsNameProblems(config.stream, config.subjectPrefix)) read.problem(problem);
  read.done();
  return config;
}

async function main(): Promise<void> {
  const config = readRelayConfig();
  const logger = createLogger('nats-relay');
  const applied = await runMigrations(config.databaseUrl, [busMigrations, relayMigrations]);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const sql = createSql(config.databaseUrl);
  const relay = await startNatsRelay({ sql, natsUrl: config.natsUrl, stream: config.stream, subjectPrefix: config.subjectPrefix, logger })
    .catch(async (error) => {
      await sql.end({ timeout: 5 });
      throw error;
    });
  logger.info({ stream: config.stream, subjects: `${config.subjectPrefix}.>` }, RELAY_READY);
  stopOnSignals(logger, async () => {
    await relay.stop();
    await sql.end({ timeout: 5 });
  });
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
