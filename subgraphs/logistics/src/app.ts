import { createDataSource, createSql, runMigrations, serveSubgraph, serveWithResources, type BusConsumer, type Logger, type RunningServer, type Sql } from '@sw/kernel';
import { busMigrations, logisticsMigrations } from '@sw/migrations';
import type { DataSource, Logger as QueryLogger } from 'typeorm';
import type { LogisticsConfig } from './config';
import type { LogisticsContext, LogisticsServices } from './context';
import { projectionsConsumer } from './events/projections.consumer';
import { ParcelMilestoneEntity } from './milestone/milestone.entity';
import { MilestoneService } from './milestone/milestone.service';
import { ParcelTracking } from './milestone/parcel-tracked';
import { Parties } from './projections/parties';
import { buildLogisticsSchema } from './schema';
import { WarehouseEntity, WarehouseStatusChangeEntity } from './warehouse/warehouse.entity';
import { WarehouseRegister } from './warehouse/warehouse.service';
import { WaybillService } from './waybill/waybill.service';

export interface LogisticsConsumers {
  /** registry.enterprise.* → logistics.enterprises; clearance.declaration.status-changed → logistics.declaration_parties. */
  projections: BusConsumer;
}

export interface RunningLogistics extends RunningServer {
  db: DataSource;
  /** postgres.js: the bus consumers and parcelTracked's stream. */
  sql: Sql;
  services: LogisticsServices;
  consumers: LogisticsConsumers;
}

/** Migrates the logistics schema, starts its consumers, then serves the subgraph (HTTP and graphql-ws for parcelTracked). */
export async function startLogistics(config: LogisticsConfig, logger: Logger, queryLogger?: QueryLogger): Promise<RunningLogistics> {
  const applied = await runMigrations(config.databaseUrl, [busMigrations, logisticsMigrations]);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const db = createDataSource({
    url: config.databaseUrl, schema: 'logistics', entities: [WarehouseEntity, WarehouseStatusChangeEntity, ParcelMilestoneEntity], queryLogger,
  });
  await db.initialize();
  const sql = createSql(config.databaseUrl, 4);
  const parties = new Parties(db);
  const services: LogisticsServices = {
    parties,
    warehouses: new WarehouseRegister(db, parties),
    milestones: new MilestoneService(db, parties, config),
    tracking: new ParcelTracking(sql, parties, logger),
    waybills: new WaybillService(parties),
  };
  const consumers: LogisticsConsumers = {
    projections: projectionsConsumer(sql, logger, config.consumerPollMs),
  };
  const server = await serveWithResources({ consumers: Object.values(consumers), sql, db }, async () => serveSubgraph({
    name: 'logistics',
    schema: (await buildLogisticsSchema()).schema,
    port: config.port,
    host: config.host,
    logger,
    trust: config.trust,
    ready: async () => (await db.query('select 1')).length === 1,
    extendContext: (base): LogisticsContext => ({ ...base, services }),
  }));
  return { ...server, db, sql, services, consumers };
}
