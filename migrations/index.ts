import type { MigrationSet } from './set';

export type { MigrationSet } from './set';
export { consumerTablesSql } from './consumer-tables';
export { grantTablesSql } from './grant-tables';
import { CreateBus1764000000000 } from './bus/1764000000000-create-bus';
import { RefuseTruncate1764000000002 } from './bus/1764000000002-refuse-truncate';
import { CreateRegistry1764000000001 } from './registry/1764000000001-create-registry';
import { PersonRetention1795619964839 } from './registry/1795619964839-person-retention';
import { RegistryNegativeList1796300000000 } from './registry/1796300000000-registry-negative-list';
import { CreateAccess1764000000002 } from './access/1764000000002-create-access';
import { CreateAgencies1795620511092 } from './agencies/1795620511092-create-agencies';
import { AgenciesConsumers1795900000000 } from './agencies/1795900000000-agencies-consumers';
import { CreateRelay1795620016428 } from './relay/1795620016428-create-relay';
import { CreateCredit1795700000000 } from './credit/1795700000000-create-credit';
import { CreateClearance1795800000000 } from './clearance/1795800000000-create-clearance';
import { CreateTraceability1795900000000 } from './traceability/1795900000000-create-traceability';
import { CreateStatistics1796000000000 } from './statistics/1796000000000-create-statistics';
import { DataAccessGrants1796200000000 } from './access/1796200000000-data-access-grants';
import { CreditPartnerGrants1796200000001 } from './credit/1796200000001-credit-partner-grants';
import { AgenciesPartnerGrants1796200000002 } from './agencies/1796200000002-agencies-partner-grants';
import { CreateLogistics1796100000000 } from './logistics/1796100000000-create-logistics';

/** The shared event log; every service runs it before its own set. */
export const busMigrations: MigrationSet = { schema: 'bus', migrations: [CreateBus1764000000000, RefuseTruncate1764000000002] };

/** Enterprises, filings and individual e-merchants, and the projection of credit's negative list the registry refuses filings against. */
export const registryMigrations: MigrationSet = {
  schema: 'registry', migrations: [CreateRegistry1764000000001, PersonRetention1795619964839, RegistryNegativeList1796300000000],
};

export const accessMigrations: MigrationSet = { schema: 'access', migrations: [CreateAccess1764000000002, DataAccessGrants1796200000000] };

/** Watched enterprises, customs receipts and declarations, export-rebate requests (subgraphs/agencies). */
export const agenciesMigrations: MigrationSet = { schema: 'agencies', migrations: [CreateAgencies1795620511092, AgenciesConsumers1795900000000, AgenciesPartnerGrants1796200000002] };

/** The NATS relay's consumer offset and processed event ids (kernel/src/bus/nats-relay.ts). */
export const relayMigrations: MigrationSet = { schema: 'relay', migrations: [CreateRelay1795620016428] };

/** Credit profiles, records, the negative list and risk warnings (subgraphs/credit). */
export const creditMigrations: MigrationSet = { schema: 'credit', migrations: [CreateCredit1795700000000, CreditPartnerGrants1796200000001] };

/** CBEC documents, declarations, their history and receipts, and the projections clearance validates against (subgraphs/clearance). */
export const clearanceMigrations: MigrationSet = { schema: 'clearance', migrations: [CreateClearance1795800000000] };

/** Product filings, EPCIS trace events and their graph, quality risks and recalls (subgraphs/traceability). */
export const traceabilityMigrations: MigrationSet = { schema: 'traceability', migrations: [CreateTraceability1795900000000] };

/** Trade facts and rollups, the composite index's publications and the pilot targets' entries (subgraphs/statistics). */
export const statisticsMigrations: MigrationSet = { schema: 'statistics', migrations: [CreateStatistics1796000000000] };

/** The warehouse register, parcel milestones and the projections logistics checks against (subgraphs/logistics). */
export const logisticsMigrations: MigrationSet = { schema: 'logistics', migrations: [CreateLogistics1796100000000] };
