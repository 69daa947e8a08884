import {
  createDataSource, createSql, grantConsumer, PartnerGrants, runMigrations, serveSubgraph, type BusConsumer, type Logger, type RunningServer, type Sql,
} from '@sw/kernel';
import { busMigrations, creditMigrations } from '@sw/migrations';
import type { DataSource, Logger as QueryLogger } from 'typeorm';
import type { CreditConfig } from './config';
import type { CreditContext, CreditServices } from './context';
import { sourcesConsumer } from './events/sources.consumer';
import { NegativeListEntity } from './negative-list/negative-list.entity';
import { NegativeListService } from './negative-list/negative-list.service';
import { GradeChangeEntity, ProfileEntity } from './profile/profile.entity';
import { ProfileService } from './profile/profile.service';
import { RecordService } from './records/record.service';
import { RefreshJob } from './refresh/refresh.job';
import { RiskWarningEntity } from './risk/risk-warning.entity';
import { RiskService } from './risk/risk.service';
import { buildCreditSchema } from './schema';

export interface RunningCredit extends RunningServer {
  /** TypeORM: the read paths (loaders, lists). */
  db: DataSource;
  /** postgres.js: every write, the bus consumer and the refresh job. */
  sql: Sql;
  services: CreditServices;
  /** Consumes filings, SAIC lists and tax ratings while the service runs. */
  consumer: BusConsumer;
  /** Keeps credit.partner_grants, the consent grants partners read CREDIT and RISK under. */
  grantConsumer: BusConsumer;
  refresh: RefreshJob;
}

/** Migrates the credit schema, starts its bus consumer and decay refresh, then serves the subgraph. */
export async function startCredit(config: CreditConfig, logger: Logger, queryLogger?: QueryLogger): Promise<RunningCredit> {
  const applied = await runMigrations(config.databaseUrl, [busMigrations, creditMigrations]);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const db = createDataSource({
    url: config.databaseUrl, schema: 'credit', entities: [ProfileEntity, GradeChangeEntity, NegativeListEntity, RiskWarningEntity], queryLogger,
  });
  await db.initialize();
  const sql = createSql(config.databaseUrl, 10);
  const grants = new PartnerGrants(sql, 'credit');
  const services: CreditServices = {
    profiles: new ProfileService(db, grants),
    records: new RecordService(db, sql, grants),
    negativeList: new NegativeListService(db, sql),
    risk: new RiskService(db),
  };
  const consumer = sourcesConsumer(sql, logger, config.consumerPollMs);
  const grantsConsumer = grantConsumer(sql, 'credit', { logger, pollMs: config.consumerPollMs });
  const refresh = new RefreshJob(sql, logger, config.refreshIntervalMinutes);
  let server: RunningServer;
  try {
    await consumer.start();
    await grantsConsumer.start();
    refresh.start();
    const { schema } = await buildCreditSchema();
    server = await serveSubgraph({
      name: 'credit',
      schema,
      port: config.port,
      host: config.host,
      logger,
      trust: config.trust,
      ready: async () => (await db.query('select 1')).length === 1,
      extendContext: (base): CreditContext => ({ ...base, services }),
    });
  } catch (error) {
    await refresh.stop();
    await grantsConsumer.stop();
    await consumer.stop();
    await sql.end({ timeout: 5 });
    await db.destroy();
    throw error;
  }
  return {
    ...server,
    db,
    sql,
    services,
    consumer,
    grantConsumer: grantsConsumer,
    refresh,
    async stop() {
      await refresh.stop();
      await grantsConsumer.stop();
      await consumer.stop();
      await server.stop();
      await sql.end({ timeout: 5 });
      await db.destroy();
    },
  };
}
