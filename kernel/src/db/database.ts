import 'reflect-metadata';
import { DataSource, type MixedList, type EntitySchema } from 'typeorm';
import postgres from 'postgres';

export interface DatabaseOptions {
  url: string;
  /** The Postgres schema (namespace) this service owns. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  poolSize?: number;
}

/** A TypeORM data source bound to one service's schema. */
export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    synchronize: false,
    logging: false,
    extra: { max: options.poolSize ?? 10, application_name: `sw-${options.schema}` },
  });
}

export type Sql = postgres.Sql;

/** A postgres.js client for LISTEN/NOTIFY, COPY and hand-written hot-path SQL. */
export function createSql(url: string, max = 5): Sql {
  return postgres(url, { max, onnotice: () => {}, types: { bigint: postgres.BigInt } });
}
