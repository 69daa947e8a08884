import type { MigrationSet } from './set';

export type { MigrationSet } from './set';
export { consumerTablesSql } from './consumer-tables';
import { CreateBus1764000000000 } from './bus/1764000000000-create-bus';
import { CreateRegistry1764000000001 } from './registry/1764000000001-create-registry';

/** The shared event log; every service runs it before its own set. */
export const busMigrations: MigrationSet = { schema: 'bus', migrations: [CreateBus1764000000000] };

export const registryMigrations: MigrationSet = { schema: 'registry', migrations: [CreateRegistry1764000000001] };
