import { createSql, type Sql } from '../db/database';
import { createLogger, type Logger } from '../logger';
import { createTestDatabase, type TestDatabase } from './database';

export interface TestService<S> {
  database: TestDatabase;
  service: S;
  /** postgres.js on the test database (as its owner), for assertions on tables and `bus.events`. */
  sql: Sql;
  /** Everything the service logged (pino JSON lines). */
  logs(): string;
  /** Stops the service, closes `sql` and drops the database. */
  stop(): Promise<void>;
}

export interface TestServiceOptions {
  /** Connections of the `sql` pool the test gets; 4 unless given. */
  sqlPoolSize?: number;
  /** The level the captured logger logs at; trace unless given. */
  logLevel?: string;
}

/**
 * Starts a service on a fresh test database with a logger that captures everything (at trace level unless told).
 * When `start` fails the database is dropped again; `stop()` stops the service, ends the pool and
 * drops the database, whatever the service's stop did.
 */
export async function startOnTestDatabase<S extends { stop(): Promise<void> }>(
  name: string, start: (databaseUrl: string, logger: Logger) => Promise<S>, options: TestServiceOptions = {},
): Promise<TestService<S>> {
  const { sqlPoolSize = 4, logLevel = 'trace' } = options;
  const database = await createTestDatabase();
  const lines: string[] = [];
  const logger = createLogger(name, logLevel, { write: (line: string) => void lines.push(line) });
  let service: S;
  try {
    service = await start(database.url, logger);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const sql = createSql(database.url, sqlPoolSize);
  return {
    database,
    service,
    sql,
    logs: () => lines.join(''),
    async stop() {
      try {
        await service.stop();
      } finally {
        await sql.end({ timeout: 5 });
        await database.drop();
      }
    },
  };
}
