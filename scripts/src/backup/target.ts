import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
// The kernel's index would load every service dependency; the embedded server alone is enough here.
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@sw/kernel/dist/db/embedded';

const root = join(__dirname, '..', '..', '..');
/** The product's database in the embedded server (as `npm start` creates it). */
export const EMBEDDED_DATABASE = 'single_window';
/** Where `npm start`'s embedded server records its URL while it runs (scripts/src/embedded-db.ts). */
export const EMBEDDED_URL_FILE = join(root, '.data', 'postgres-url');
export const EMBEDDED_DATA_DIR = join(root, '.data', 'postgres');

export interface Target {
  /** The database to back up or restore into. */
  url: string;
  /** Where it came from, for the progress output. */
  source: string;
  /** Stops the embedded server when this run started it. */
  release(): Promise<void>;
}

/**
 * The database to work on: DATABASE_URL when set; otherwise the embedded server of a running
 * `npm start` (found through .data/postgres-url); otherwise the embedded server under
 * .data/postgres, started for the duration of this run. `create` allows a data folder that does
 * not exist yet (a restore onto a new machine).
 */
export async function openTarget(env: NodeJS.ProcessEnv, options: { create: boolean; log: (line: string) => void }): Promise<Target> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, source: 'DATABASE_URL', release: async () => {} };
  if (existsSync(EMBEDDED_URL_FILE)) {
    const serverUrl = readFileSync(EMBEDDED_URL_FILE, 'utf8').trim();
    if (await answers(serverUrl)) {
      return { url: withDatabase(serverUrl, EMBEDDED_DATABASE), source: 'the embedded PostgreSQL of the running `npm start`', release: async () => {} };
    }
    options.log(`${EMBEDDED_URL_FILE} names a server that does not answer (left over from a crash?); starting the embedded server instead`);
  }
  if (!options.create && !existsSync(join(EMBEDDED_DATA_DIR, 'PG_VERSION'))) {
    throw new Error(`no database to back up: set DATABASE_URL, or run \`npm start\` once so that ${EMBEDDED_DATA_DIR} exists`);
  }
  options.log(`starting the embedded PostgreSQL (data in ${EMBEDDED_DATA_DIR}) for this run`);
  let server: EmbeddedDatabase;
  try {
    server = await startEmbeddedPostgres(EMBEDDED_DATA_DIR);
  } catch (error) {
    throw new Error(`the embedded PostgreSQL did not start (${(error as Error).message}); if \`npm start\` is running, it may still be starting: try again in a moment`);
  }
  let stopped = false;
  const release = async () => {
    if (stopped) return;
    stopped = true;
    options.log('stopping the embedded PostgreSQL');
    await server.stop();
  };
  try {
    const admin = postgres(server.url, { max: 1, onnotice: () => {} });
    try {
      const [found] = await admin`select 1 from pg_database where datname = ${EMBEDDED_DATABASE}`;
      if (!found && !options.create) throw new Error(`the embedded server has no database "${EMBEDDED_DATABASE}" yet: nothing to back up`);
    } finally {
      await admin.end();
    }
  } catch (error) {
    await release();
    throw error;
  }
  return { url: withDatabase(server.url, EMBEDDED_DATABASE), source: 'the embedded PostgreSQL (started for this run)', release };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error('the database URL names no database');
  return name;
}

async function answers(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** Host and port for messages, never the password. */
export function describeServer(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname || 'localhost'}:${parsed.port || 5432}`;
}
