import type { MigrationSet } from './set';

export type { MigrationSet } from './set';
export { consumerTablesSql } from './consumer-tables';
import { CreateBus1764000000000 } from './bus/1764000000000-create-bus';
import { RefuseTruncate1764000000002 } from './bus/1764000000002-refuse-truncate';
import { CreateRegistry1764000000001 } from './registry/1764000000001-create-registry';
import { CreateAccess1764000000002 } from './access/1764000000002-create-access';

/** The shared event log; every service runs it before its own set. */
export const busMigrations: MigrationSet = { schema: 'bus', migrations: [CreateBus1764000000000, RefuseTruncate1764000000002] };

export const registryMigrations: MigrationSet = { schema: 'registry', migrations: [CreateRegistry1764000000001] };

export const accessMigrations: MigrationSet = { schema: 'access', migrations: [CreateAccess1764000000002] };
