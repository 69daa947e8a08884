import { createDataSource, createSql, PiiVault, runMigrations, serveSubgraph, type BusConsumer, type Logger, type RunningServer, type Sql } from '@sw/kernel';
import { busMigrations, registryMigrations } from '@sw/migrations';
import type { DataSource, Logger as QueryLogger } from 'typeorm';
import type { RegistryConfig } from './config';
import type { RegistryContext, RegistryServices } from './context';
import { EnterpriseEntity, FilingChangeEntity, QualificationEntity } from './enterprise/enterprise.entity';
import { EnterpriseService } from './enterprise/enterprise.service';
import { negativeListConsumer } from './events/negative-list.consumer';
import { PersonEntity } from './person/person.entity';
import { PersonService } from './person/person.service';
import { RetentionJob } from './retention/retention.job';
import { buildRegistrySchema } from './schema';

export interface RunningRegistry extends RunningServer {
  db: DataSource;
  services: RegistryServices;
  /** Erases personal data past PII_RETENTION_DAYS: at start, then every PII_RETENTION_INTERVAL_MINUTES. */
  retention: RetentionJob;
  /** postgres.js: the bus consumer. */
  sql: Sql;
  /** Projects credit's negative list into registry.negative_list while the service runs. */
  negativeListConsumer: BusConsumer;
}

/** Migrates the registry's schema, starts its bus consumer, then serves the subgraph and schedules the retention job. */
export async function startRegistry(config: RegistryConfig, logger: Logger, queryLogger?: QueryLogger): Promise<RunningRegistry> {
  const applied = await runMigrations(config.databaseUrl, [busMigrations, registryMigrations]);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const db = createDataSource({
    url: config.databaseUrl,
    schema: 'registry',
    entities: [EnterpriseEntity, QualificationEntity, FilingChangeEntity, PersonEntity],
    queryLogger,
  });
  await db.initialize();
  const vault = new PiiVault(config.piiKeys, Buffer.from(config.piiHashKey));
  const services: RegistryServices = {
    enterprises: new EnterpriseService(db, vault, config.enabledPhases),
    persons: new PersonService(db, vault, config.enabledPhases),
  };
  const sql = createSql(config.databaseUrl, 2);
  const consumer = negativeListConsumer(sql, logger, config.consumerPollMs);
  let server: RunningServer;
  try {
    await consumer.start();
    const { schema } = await buildRegistrySchema();
    server = await serveSubgraph({
      name: 'registry',
      schema,
      port: config.port,
      host: config.host,
      logger,
      trust: config.trust,
      ready: async () => (await db.query('select 1')).length === 1,
      extendContext: (base): RegistryContext => ({ ...base, services }),
    });
  } catch (error) {
    await consumer.stop();
    await sql.end({ timeout: 5 });
    await db.destroy();
    throw error;
  }
  const retention = new RetentionJob(db, logger, {
    retentionDays: config.piiRetentionDays, intervalMinutes: config.piiRetentionIntervalMinutes,
  });
  retention.start();
  return {
    ...server,
    db,
    services,
    retention,
    sql,
    negativeListConsumer: consumer,
    async stop() {
      await retention.stop();
      await consumer.stop();
      await server.stop();
      await sql.end({ timeout: 5 });
      await db.destroy();
    },
  };
}
