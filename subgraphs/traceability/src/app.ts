import { createDataSource, createSql, runMigrations, serveSubgraph, type BusConsumer, type Logger, type RunningServer, type Sql } from '@sw/kernel';
import { busMigrations, traceabilityMigrations } from '@sw/migrations';
import type { DataSource, Logger as QueryLogger } from 'typeorm';
import type { TraceabilityConfig } from './config';
import type { TraceabilityContext, TraceabilityServices } from './context';
import { CaptureService } from './event/capture.service';
import { clearanceConsumer } from './events/clearance.consumer';
import { registryConsumer } from './events/registry.consumer';
import { ProductEntity } from './product/product.entity';
import { ProductService } from './product/product.service';
import { QualityRiskEntity, RecallEntity } from './quality/quality.entity';
import { QualityService } from './quality/quality.service';
import { buildTraceabilitySchema } from './schema';
import { TraceService } from './trace/trace.service';

export interface RunningTraceability extends RunningServer {
  db: DataSource;
  /** postgres.js: event capture, the trace walk, the bus consumers. */
  sql: Sql;
  services: TraceabilityServices;
  consumers: {
    /** traceability.enterprises from registry.enterprise.* (product owners must be filed). */
    registry: BusConsumer;
    /** Trace events from clearance.declaration.status-changed. */
    clearance: BusConsumer;
  };
}

/** Migrates the traceability schema, starts its bus consumers, then serves the subgraph. */
export async function startTraceability(config: TraceabilityConfig, logger: Logger, queryLogger?: QueryLogger): Promise<RunningTraceability> {
  const applied = await runMigrations(config.databaseUrl, [busMigrations, traceabilityMigrations]);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const db = createDataSource({ url: config.databaseUrl, schema: 'traceability', entities: [ProductEntity, QualityRiskEntity, RecallEntity], queryLogger });
  await db.initialize();
  const sql = createSql(config.databaseUrl, 10);
  const products = new ProductService(db);
  const services: TraceabilityServices = {
    products,
    capture: new CaptureService(sql, { futureToleranceMs: config.futureToleranceSeconds * 1000, maxEvents: config.captureMaxEvents }, logger),
    trace: new TraceService(sql, config.traceMaxEvents),
    quality: new QualityService(db, sql, products.byId),
  };
  const consumers = { registry: registryConsumer(sql, logger), clearance: clearanceConsumer(sql, logger) };
  let server: RunningServer;
  try {
    await consumers.registry.start();
    await consumers.clearance.start();
    const { schema } = await buildTraceabilitySchema();
    server = await serveSubgraph({
      name: 'traceability',
      schema,
      port: config.port,
      host: config.host,
      logger,
      trust: config.trust,
      bodyLimit: config.bodyLimit,
      ready: async () => (await db.query('select 1')).length === 1,
      extendContext: (base): TraceabilityContext => ({ ...base, services }),
    });
  } catch (error) {
    await consumers.clearance.stop();
    await consumers.registry.stop();
    await sql.end({ timeout: 5 });
    await db.destroy();
    throw error;
  }
  return {
    ...server,
    db,
    sql,
    services,
    consumers,
    async stop() {
      await consumers.clearance.stop();
      await consumers.registry.stop();
      await server.stop();
      await sql.end({ timeout: 5 });
      await db.destroy();
    },
  };
}
