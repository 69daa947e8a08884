import { createDataSource, createSql, runMigrations, serveSubgraph, type BusConsumer, type Logger, type RunningServer, type Sql } from '@sw/kernel';
import { accessMigrations, busMigrations } from '@sw/migrations';
import type { DataSource, Logger as QueryLogger } from 'typeorm';
import { ApiKeyEntity } from './api-key/api-key.entity';
import { ApiKeyService } from './api-key/api-key.service';
import { AuditEntryEntity } from './audit/audit.entity';
import { AuditService } from './audit/audit.service';
import type { AccessConfig } from './config';
import type { AccessContext, AccessServices } from './context';
import { auditConsumer } from './events/audit.consumer';
import { registryConsumer } from './events/registry.projection';
import { GrantEntity } from './grants/grant.entity';
import { GrantService } from './grants/grant.service';
import { buildAccessSchema } from './schema';

export interface RunningAccess extends RunningServer {
  db: DataSource;
  /** postgres.js: audit appends and the bus consumer. */
  sql: Sql;
  services: AccessServices;
  /** Turns audited bus events into audit entries while the service runs. */
  auditConsumer: BusConsumer;
  /** Keeps access.enterprises from the registry's filing events (grants name filed enterprises). */
  registryConsumer: BusConsumer;
}

/** Migrates the access schema, starts the audit consumer, then serves the subgraph. */
export async function startAccess(config: AccessConfig, logger: Logger, queryLogger?: QueryLogger): Promise<RunningAccess> {
  const applied = await runMigrations(config.databaseUrl, [busMigrations, accessMigrations]);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const db = createDataSource({ url: config.databaseUrl, schema: 'access', entities: [ApiKeyEntity, AuditEntryEntity, GrantEntity], queryLogger });
  await db.initialize();
  const sql = createSql(config.databaseUrl, 10);
  const services: AccessServices = {
    apiKeys: new ApiKeyService(db),
    audit: new AuditService(db, sql),
    grants: new GrantService(db),
  };
  const consumer = auditConsumer(sql, services.audit, logger);
  const filings = registryConsumer(sql, logger);
  let server: RunningServer;
  try {
    await consumer.start();
    await filings.start();
    const { schema } = await buildAccessSchema();
    server = await serveSubgraph({
      name: 'access',
      schema,
      port: config.port,
      host: config.host,
      logger,
      trust: config.trust,
      ready: async () => (await db.query('select 1')).length === 1,
      extendContext: (base): AccessContext => ({ ...base, services }),
    });
  } catch (error) {
    await filings.stop();
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
    auditConsumer: consumer,
    registryConsumer: filings,
    async stop() {
      await filings.stop();
      await consumer.stop();
      await server.stop();
      await sql.end({ timeout: 5 });
      await db.destroy();
    },
  };
}
