import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import postgres from 'postgres';
import { libpqConnection, parseArchiveList, runTool, toolsForDump, type PgTools } from './pg-tools';
import { databaseName, describeServer } from './target';

export interface BackupOptions {
  /** The database to dump. */
  url: string;
  /** The archive to write; refused when it exists. */
  out: string;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface BackupResult {
  file: string;
  bytes: number;
  tables: number;
  busHeadSeq?: string;
  tools: PgTools;
}

/** What a database holds, for the progress output and the refusal to overwrite. */
export interface DatabaseFacts {
  serverVersion: string;
  serverMajor: number;
  tables: number;
  bytes: number;
  /** max(bus.events.seq), when the database has the bus. */
  busHeadSeq?: string;
}

/** Table count, size, server version and the bus head of the database at `url`. */
export async function inspectDatabase(url: string): Promise<DatabaseFacts> {
  const sql = postgres(url, { max: 1, connect_timeout: 10, onnotice: () => {} });
  try {
    const [facts] = await sql<{ version: string; num: number; tables: number; bytes: string; bus: boolean }[]>`
      select current_setting('server_version') as version,
             current_setting('server_version_num')::int as num,
             (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
               where c.relkind in ('r', 'p', 'm') and n.nspname not in ('pg_catalog', 'information_schema')
                 and n.nspname !~ '^pg_(toast|temp)') as tables,
             pg_database_size(current_database())::text as bytes,
             to_regclass('bus.events') is not null as bus`;
    let busHeadSeq: string | undefined;
    if (facts.bus) [{ head: busHeadSeq }] = await sql<{ head: string }[]>`select coalesce(max(seq), 0)::text as head from bus.events`;
    return { serverVersion: facts.version.split(' ')[0], serverMajor: Math.floor(facts.num / 10000), tables: facts.tables, bytes: Number(facts.bytes), busHeadSeq };
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * `pg_dump --format=custom` of the whole database (every schema, the bus included) into a
 * `.partial` file that becomes `out` only once pg_dump succeeded and pg_restore can read it back,
 * so a failed run never leaves a file that looks like a backup.
 */
export async function backup(options: BackupOptions): Promise<BackupResult> {
  const env = options.env ?? process.env;
  if (existsSync(options.out)) throw new Error(`${options.out} already exists; choose another --out or remove it`);
  const facts = await inspectDatabase(options.url).catch((error: Error) => {
    throw new Error(`cannot connect to the database at ${describeServer(options.url)}: ${error.message}`);
  });
  const choice = toolsForDump(facts.serverMajor, env);
  if ('problem' in choice) throw new Error(`cannot back up: ${choice.problem}`);
  const { tools } = choice;
  const name = databaseName(options.url);
  options.log(`backing up database "${name}" on ${describeServer(options.url)} (PostgreSQL ${facts.serverVersion}, ${facts.tables} tables, ${formatBytes(facts.bytes)})`);
  options.log(`using pg_dump ${tools.version} from ${tools.dir}`);
  mkdirSync(dirname(options.out), { recursive: true });
  const partial = `${options.out}.partial`;
  rmSync(partial, { force: true });
  const connection = libpqConnection(options.url);
  let done = 0;
  const result = await runTool(tools.pgDump, [
    '--format=custom', '--verbose', '--no-password', `--file=${partial}`, `--dbname=${connection.dbname}`,
  ], { ...tools.env, ...connection.env }, (line) => {
    const table = /dumping contents of table "?([^"]+)"?$/.exec(line);
    if (table) {
      done += 1;
      options.log(`  [${done}/${facts.tables}] ${table[1]}`);
    }
    // The rest of --verbose is noise unless the run fails; errors and warnings are kept.
    return !/error|warning|fatal/i.test(line);
  });
  if (result.code !== 0) {
    rmSync(partial, { force: true });
    throw new Error(`pg_dump failed (exit ${result.code}):\n${lastLines(result.messages)}`);
  }
  const check = await runTool(tools.pgRestore, ['--list', partial], tools.env);
  if (check.code !== 0) {
    rmSync(partial, { force: true });
    throw new Error(`the archive pg_dump wrote cannot be read back:\n${lastLines(check.messages)}`);
  }
  const archive = parseArchiveList(check.stdout);
  renameSync(partial, options.out);
  const bytes = statSync(options.out).size;
  options.log(`wrote ${options.out} (${formatBytes(bytes)}): ${archive.entries} entries, data of ${archive.tables.length} tables` +
    (facts.busHeadSeq !== undefined ? `, bus.events up to seq ${facts.busHeadSeq}` : ''));
  return { file: options.out, bytes, tables: archive.tables.length, busHeadSeq: facts.busHeadSeq, tools };
}

/** `.data/backups/<database>-<UTC timestamp>.dump` under `root`. */
export function defaultBackupFile(root: string, database: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return join(root, '.data', 'backups', `${database}-${stamp}.dump`);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function lastLines(lines: string[], count = 15): string {
  const shown = lines.filter((line) => line.trim()).slice(-count);
  return shown.length > 0 ? shown.map((line) => `  ${line}`).join('\n') : '  (no output)';
}
