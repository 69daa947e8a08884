import 'reflect-metadata';
import { DataSource, type MixedList, type EntitySchema, type Logger as QueryLogger } from 'typeorm';
import postgres from 'postgres';
import { trackDataSource } from '../metrics/database';

export interface DatabaseOptions {
  url: string;
  /** The Postgres schema (namespace) this service owns. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  poolSize?: number;
  /** Sees every SQL statement; tests use it to count queries. */
  queryLogger?: QueryLogger;
}

/** A TypeORM data source bound to one service's schema. */
export function createDataSource(options: DatabaseOptions): DataSource {
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    synchronize: false,
    logging: options.queryLogger ? ['query'] : false,
    logger: options.queryLogger,
    extra: { max: options.poolSize ?? 10, application_name: `sw-${options.schema}` },
  });
  // Its pool and its schema's bus consumers appear on the service's /metrics.
  trackDataSource(dataSource);
  return dataSource;
}

export type Sql = postgres.Sql;

/** A postgres.js client for LISTEN/NOTIFY, COPY and hand-written hot-path SQL. */
export function createSql(url: string, max = 5): Sql {
  return postgres(url, { max, onnotice: () => {}, types: { bigint: postgres.BigInt } });
}
