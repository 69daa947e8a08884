import { createSql, runMigrations, serveSubgraph, type BusConsumer, type Logger, type RunningServer, type Sql } from '@sw/kernel';
import { busMigrations, statisticsMigrations } from '@sw/migrations';
import type { StatisticsConfig } from './config';
import type { StatisticsContext, StatisticsServices } from './context';
import { rebuildFromLog } from './events/rebuild';
import { statisticsConsumer } from './events/statistics.consumer';
import { IndexService } from './composite/index.service';
import { PublishJob } from './composite/publish.job';
import { buildStatisticsSchema } from './schema';
import { TargetService } from './targets/targets.service';
import { TradeService } from './trade/trade.service';

export interface StatisticsOptions {
  /** Now, for the current period and publication; tests move it. */
  clock?: () => Date;
}

export interface RunningStatistics extends RunningServer {
  /** postgres.js: the consumer's writes and every read (hand-written rollup SQL). */
  sql: Sql;
  services: StatisticsServices;
  /** Applies registry, credit and clearance events to the projections and rollups while the service runs. */
  consumer: BusConsumer;
  publishJob: PublishJob;
  /** Replays the log from seq 0 into emptied derived tables (events/rebuild.ts); returns how many events were applied. */
  rebuild(): Promise<number>;
}

/** Migrates the statistics schema, starts its bus consumer and the index publish job, then serves the subgraph. */
export async function startStatistics(config: StatisticsConfig, logger: Logger, options: StatisticsOptions = {}): Promise<RunningStatistics> {
  const applied = await runMigrations(config.databaseUrl, [busMigrations, statisticsMigrations]);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const clock = options.clock ?? (() => new Date());
  const sql = createSql(config.databaseUrl, 10);
  const consumer = statisticsConsumer(sql, logger, config.consumerPollMs);
  const caughtUp = async () => {
    const [{ seq }] = await sql`select coalesce(max(seq), 0) as seq from bus.events`;
    return (await consumer.offset()) >= BigInt(seq);
  };
  const services: StatisticsServices = {
    trade: new TradeService(sql, config.minEnterprisesPerCell, clock),
    index: new IndexService(sql, { basePeriod: config.indexBasePeriod, clock, caughtUp }),
    targets: new TargetService(sql, config.targets, clock),
  };
  const publishJob = new PublishJob(services.index, logger, config.publishIntervalMinutes);
  let server: RunningServer;
  try {
    await consumer.start();
    publishJob.start();
    const { schema } = await buildStatisticsSchema();
    server = await serveSubgraph({
      name: 'statistics',
      schema,
      port: config.port,
      host: config.host,
      logger,
      trust: config.trust,
      ready: async () => (await sql`select 1 as ok`).length === 1,
      extendContext: (base): StatisticsContext => ({ ...base, services }),
    });
  } catch (error) {
    await publishJob.stop();
    await consumer.stop();
    await sql.end({ timeout: 5 });
    throw error;
  }
  return {
    ...server,
    sql,
    services,
    consumer,
    publishJob,
    async rebuild() {
      await consumer.stop();
      try {
        const applied = await rebuildFromLog(sql, consumer);
        logger.info({ applied }, 'statistics rebuilt from the log');
        return applied;
      } finally {
        await consumer.start();
      }
    },
    async stop() {
      await publishJob.stop();
      await consumer.stop();
      await server.stop();
      await sql.end({ timeout: 5 });
    },
  };
}
