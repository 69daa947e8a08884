import { createDataSource, createSql, PiiVault, runMigrations, serveSubgraph, serveWithResources, type BusConsumer, type Logger, type RunningServer, type Sql } from '@sw/kernel';
import { busMigrations, clearanceMigrations } from '@sw/migrations';
import type { DataSource, Logger as QueryLogger } from 'typeorm';
import { Sealer } from './common/pii';
import { Reveal } from './common/reveal';
import type { ClearanceConfig } from './config';
import type { ClearanceContext, ClearanceServices } from './context';
import { ClearanceReads } from './declaration/declaration.reads';
import {
  DeclarationEntity, DocumentChangeEntity, ReceiptEntity, StatusChangeEntity,
} from './declaration/declaration.entity';
import { DeclarationWorkflow } from './declaration/declaration.workflow';
import { creditConsumer } from './events/credit.consumer';
import { customsReceiptsConsumer } from './events/customs-receipts.consumer';
import { registryConsumer } from './events/registry.consumer';
import { OrderEntity } from './order/order.entity';
import { PaymentEntity } from './payment/payment.entity';
import { Parties } from './projections/parties';
import { ReceiptService } from './receipts/receipt.service';
import { buildClearanceSchema } from './schema';
import { SubmissionService } from './submission/submission.service';
import { loadTaxTables } from './tax/tax-tables';
import { WaybillEntity } from './waybill/waybill.entity';

export interface ClearanceConsumers {
  /** registry.enterprise.* and registry.person.filed → clearance.enterprises, clearance.persons. */
  registry: BusConsumer;
  /** credit.negative-list.* and credit.risk.class-changed → clearance.credit_standing. */
  credit: BusConsumer;
  /** agencies.customs.receipt-received → the status machine. */
  receipts: BusConsumer;
}

export interface RunningClearance extends RunningServer {
  db: DataSource;
  /** postgres.js: the bus consumers. */
  sql: Sql;
  services: ClearanceServices;
  consumers: ClearanceConsumers;
}

/** Migrates the clearance schema, loads the tax tables, starts the consumers, then serves the subgraph. */
export async function startClearance(config: ClearanceConfig, logger: Logger, queryLogger?: QueryLogger): Promise<RunningClearance> {
  // A bad rate table must stop the service here, before it takes a declaration.
  const taxTables = loadTaxTables();
  const applied = await runMigrations(config.databaseUrl, [busMigrations, clearanceMigrations]);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const db = createDataSource({
    url: config.databaseUrl,
    schema: 'clearance',
    entities: [OrderEntity, PaymentEntity, WaybillEntity, DeclarationEntity, StatusChangeEntity, DocumentChangeEntity, ReceiptEntity],
    queryLogger,
    poolSize: 20,
  });
  await db.initialize();
  const sql = createSql(config.databaseUrl, 6);
  const sealer = new Sealer(new PiiVault(config.piiKeys, Buffer.from(config.piiHashKey)));
  const parties = new Parties();
  const workflow = new DeclarationWorkflow(sealer, parties, taxTables.exchangeRates);
  const services: ClearanceServices = {
    submissions: new SubmissionService(db, sealer, parties, workflow, taxTables),
    receipts: new ReceiptService(db, workflow, config.customsResendMax, logger),
    reads: new ClearanceReads(db),
    reveal: new Reveal(db, sealer),
  };
  const consumers: ClearanceConsumers = {
    registry: registryConsumer(sql, logger, config.consumerPollMs),
    credit: creditConsumer(sql, logger, config.consumerPollMs),
    receipts: customsReceiptsConsumer(sql, services.receipts, logger, config.consumerPollMs),
  };
  const server = await serveWithResources({ consumers: Object.values(consumers), sql, db }, async () => serveSubgraph({
    name: 'clearance',
    schema: (await buildClearanceSchema()).schema,
    port: config.port,
    host: config.host,
    logger,
    trust: config.trust,
    ready: async () => (await db.query('select 1')).length === 1,
    extendContext: (base): ClearanceContext => ({ ...base, services }),
  }));
  return { ...server, db, sql, services, consumers };
}
