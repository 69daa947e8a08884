import type { MigrationSet } from './set';

export type { MigrationSet } from './set';
export { consumerTablesSql } from './consumer-tables';
import { CreateBus1764000000000 } from './bus/1764000000000-create-bus';
import { RefuseTruncate1764000000002 } from './bus/1764000000002-refuse-truncate';
import { CreateRegistry1764000000001 } from './registry/1764000000001-create-registry';
import { PersonRetention1795619964839 } from './registry/1795619964839-person-retention';
import { CreateAccess1764000000002 } from './access/1764000000002-create-access';
import { CreateAgencies1795620511092 } from './agencies/1795620511092-create-agencies';
import { CreateRelay1795620016428 } from './relay/1795620016428-create-relay';
import { CreateCredit1795700000000 } from './credit/1795700000000-create-credit';
import { CreateClearance1795800000000 } from './clearance/1795800000000-create-clearance';
import { CreateTraceability1795900000000 } from './traceability/1795900000000-create-traceability';
import { CreateStatistics1796000000000 } from './statistics/1796000000000-create-statistics';

/** The shared event log; every service runs it before its own set. */
export const busMigrations: MigrationSet = { schema: 'bus', migrations: [CreateBus1764000000000, RefuseTruncate1764000000002] };

export const registryMigrations: MigrationSet = { schema: 'registry', migrations: [CreateRegistry1764000000001, PersonRetention1795619964839] };

export const accessMigrations: MigrationSet = { schema: 'access', migrations: [CreateAccess1764000000002] };

/** Watched enterprises, customs receipts and declarations, export-rebate requests (subgraphs/agencies). */
export const agenciesMigrations: MigrationSet = { schema: 'agencies', migrations: [CreateAgencies1795620511092] };

/** The NATS relay's consumer offset and processed event ids (kernel/src/bus/nats-relay.ts). */
export const relayMigrations: MigrationSet = { schema: 'relay', migrations: [CreateRelay1795620016428] };

/** Credit profiles, records, the negative list and risk warnings (subgraphs/credit). */
export const creditMigrations: MigrationSet = { schema: 'credit', migrations: [CreateCredit1795700000000] };

/** CBEC documents, declarations, their history and receipts, and the projections clearance validates against (subgraphs/clearance). */
export const clearanceMigrations: MigrationSet = { schema: 'clearance', migrations: [CreateClearance1795800000000] };

/** Product filings, EPCIS trace events and their graph, quality risks and recalls (subgraphs/traceability). */
export const traceabilityMigrations: MigrationSet = { schema: 'traceability', migrations: [CreateTraceability1795900000000] };

/** Trade facts and rollups, the composite index's publications and the pilot targets' entries (subgraphs/statistics). */
export const statisticsMigrations: MigrationSet = { schema: 'statistics', migrations: [CreateStatistics1796000000000] };
