import { existsSync, statSync } from 'node:fs';
import postgres from 'postgres';
import { inspectDatabase, lastLines, type DatabaseFacts } from './backup';
import { availableTools, libpqConnection, parseArchiveList, runTool, toolsForRestore, type ArchiveInfo, type PgTools } from './pg-tools';
import { databaseName, describeServer, withDatabase } from './target';

export interface RestoreOptions {
  /** The database to restore into; it need not exist. */
  url: string;
  file: string;
  /** Replace a database that holds tables; refused without it. */
  force: boolean;
  /**
   * Restore into the database itself (`pg_restore --clean --if-exists --single-transaction`)
   * instead of into a fresh database that replaces it: for roles that may not create databases.
   */
  inPlace?: boolean;
  /** Drop the replaced database after a successful swap instead of keeping it. */
  dropPrevious?: boolean;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface RestoreResult {
  database: string;
  /** The replaced database, kept under this name (swap without dropPrevious). */
  previous?: string;
  tables: number;
  busHeadSeq?: string;
  strategy: 'swap' | 'in-place';
}

/** Raised when the target holds data and --force was not given; the CLI exits 2. */
export class RefusedError extends Error {}

/**
 * Restores a custom-format archive. By default into a fresh database on the same server, in one
 * transaction; only when that succeeded is the target renamed away (kept as
 * `<name>_before_restore_<stamp>`, or dropped with dropPrevious) and the fresh one renamed into
 * its place, so a failed restore leaves the target as it was.
 */
export async function restore(options: RestoreOptions): Promise<RestoreResult> {
  const env = options.env ?? process.env;
  if (!existsSync(options.file) || !statSync(options.file).isFile()) throw new Error(`${options.file} does not exist or is not a file`);
  const target = databaseName(options.url);
  const admin = await maintenanceConnection(options.url);
  try {
    const [{ num }] = await admin<{ num: number }[]>`select current_setting('server_version_num')::int as num`;
    const serverMajor = Math.floor(num / 10000);
    // The newest pg_restore reads every archive; the one that restores is chosen once its writer is known.
    const reader = availableTools(env)[0];
    if (!reader) {
      const problem = toolsForRestore(serverMajor, serverMajor, env);
      throw new Error(`cannot restore: ${'problem' in problem ? problem.problem : 'no pg_restore found'}`);
    }
    const listing = await runTool(reader.pgRestore, ['--list', options.file], reader.env);
    if (listing.code !== 0) {
      throw new Error(`${options.file} is not an archive pg_restore ${reader.version} can read (a pg_dump --format=custom file, written by pg_dump ${reader.major} or older):\n${lastLines(listing.messages)}`);
    }
    const archive = parseArchiveList(listing.stdout);
    const choice = toolsForRestore(serverMajor, Number.parseInt(archive.dumpedBy ?? String(reader.major), 10), env);
    if ('problem' in choice) throw new Error(`cannot restore: ${choice.problem}`);
    const { tools } = choice;
    options.log(`restoring ${options.file}: ${archive.entries} entries, data of ${archive.tables.length} tables` +
      (archive.dumpedFrom ? `, dumped from PostgreSQL ${archive.dumpedFrom}` : '') + (archive.dumpedBy ? ` by pg_dump ${archive.dumpedBy}` : ''));
    if (archive.dumpedFrom && Number.parseInt(archive.dumpedFrom, 10) > serverMajor) {
      options.log(`warning: the backup comes from PostgreSQL ${archive.dumpedFrom} and the server is ${serverMajor}; objects newer servers support may fail to restore`);
    }
    options.log(`into database "${target}" on ${describeServer(options.url)} (PostgreSQL ${serverMajor}) with pg_restore ${tools.version} from ${tools.dir}`);

    const exists = (await admin`select 1 from pg_database where datname = ${target}`).length > 0;
    const before = exists ? await inspectDatabase(options.url) : undefined;
    if (before && before.tables > 0 && !options.force) {
      throw new RefusedError(`database "${target}" is not empty (${before.tables} tables` +
        (before.busHeadSeq !== undefined ? `, bus.events up to seq ${before.busHeadSeq}` : '') +
        '); a restore replaces all of it: run again with --force if that is what you want');
    }
    if (before && before.tables > 0) describeReplaced(before, target, options.log);

    if (options.inPlace) {
      if (!exists) await admin`create database ${admin(target)}`;
      await pgRestore(tools, options.url, options.file, archive, options.log, exists);
      const after = await inspectDatabase(options.url);
      options.log(`restored "${target}" in place: ${after.tables} tables` + busLine(after));
      return { database: target, tables: after.tables, busHeadSeq: after.busHeadSeq, strategy: 'in-place' };
    }

    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '_');
    const fresh = limitName(target, `_restore_${stamp}`);
    await createLike(admin, fresh, exists ? target : 'template1');
    const freshUrl = withDatabase(options.url, fresh);
    let after: DatabaseFacts;
    try {
      await pgRestore(tools, freshUrl, options.file, archive, options.log, false);
      after = await inspectDatabase(freshUrl);
      if (after.tables < archive.tables.length) {
        throw new Error(`the restored database has ${after.tables} tables, fewer than the ${archive.tables.length} the backup has data for`);
      }
    } catch (error) {
      options.log(`restore failed; "${target}" is unchanged (dropping the partial copy "${fresh}")`);
      await admin`drop database if exists ${admin(fresh)} with (force)`.catch(() => {});
      throw error;
    }
    const previous = exists ? await swap(admin, target, fresh, stamp, options.log) : undefined;
    if (!exists) await admin`alter database ${admin(fresh)} rename to ${admin(target)}`;
    if (previous && options.dropPrevious) {
      await admin`drop database ${admin(previous)} with (force)`;
      options.log(`dropped the replaced database "${previous}"`);
    } else if (previous) {
      options.log(`the replaced database is kept as "${previous}"; drop it once you are satisfied: drop database "${previous}";`);
    }
    options.log(`restored "${target}": ${after.tables} tables` + busLine(after));
    return { database: target, previous: options.dropPrevious ? undefined : previous, tables: after.tables, busHeadSeq: after.busHeadSeq, strategy: 'swap' };
  } finally {
    await admin.end({ timeout: 1 });
  }
}

function busLine(facts: DatabaseFacts): string {
  return facts.busHeadSeq !== undefined ? `, bus.events up to seq ${facts.busHeadSeq}` : '';
}

function describeReplaced(before: DatabaseFacts, target: string, log: (line: string) => void): void {
  log(`--force: replacing "${target}" (${before.tables} tables${busLine(before)})`);
}

/** A connection to the server's maintenance database (postgres, else template1): the target may not exist. */
async function maintenanceConnection(url: string): Promise<postgres.Sql> {
  let lastError: unknown;
  for (const database of ['postgres', 'template1']) {
    const sql = postgres(withDatabase(url, database), { max: 1, connect_timeout: 10, onnotice: () => {} });
    try {
      await sql`select 1`;
      return sql;
    } catch (error) {
      lastError = error;
      await sql.end({ timeout: 1 }).catch(() => {});
    }
  }
  throw new Error(`cannot connect to the server at ${describeServer(url)}: ${(lastError as Error).message}`);
}

/** Creates `name` from template0 with the encoding and locale of `like`, so text sorts as it did. */
async function createLike(admin: postgres.Sql, name: string, like: string): Promise<void> {
  const [row] = await admin<{ d: Record<string, unknown> }[]>`
    select to_jsonb(d) || jsonb_build_object('encoding_name', pg_encoding_to_char(d.encoding)) as d from pg_database d where datname = ${like}`;
  const options: string[] = ['template = template0'];
  if (row) {
    const d = row.d;
    options.push(`encoding = ${literal(String(d.encoding_name))}`, `lc_collate = ${literal(String(d.datcollate))}`, `lc_ctype = ${literal(String(d.datctype))}`);
    const icuLocale = d.datlocale ?? d.daticulocale;
    if (d.datlocprovider === 'i' && icuLocale) options.push('locale_provider = icu', `icu_locale = ${literal(String(icuLocale))}`);
  }
  try {
    await admin.unsafe(`create database ${identifier(name)} with ${options.join(' ')}`);
  } catch (error) {
    throw new Error(`cannot create the database "${name}" to restore into (${(error as Error).message}); ` +
      'a role that may not create databases can restore with --in-place --force instead');
  }
}

/** Moves `target` aside and `fresh` into its place; returns the name `target` now has. */
async function swap(admin: postgres.Sql, target: string, fresh: string, stamp: string, log: (line: string) => void): Promise<string> {
  const previous = limitName(target, `_before_restore_${stamp}`);
  await admin`alter database ${admin(target)} with allow_connections false`;
  try {
    for (let attempt = 1; ; attempt++) {
      // The sessions are picked first (a materialized CTE): in one WHERE clause the planner may
      // call pg_terminate_backend before it has filtered by database.
      const ended = await admin<{ pid: number }[]>`
        with connected as materialized (
          select pid from pg_stat_activity where datname = ${target} and pid <> pg_backend_pid()
        )
        select pid from connected where pg_terminate_backend(pid)`;
      if (ended.length > 0) log(`ended ${ended.length} session(s) connected to "${target}"; services reconnect to the restored database`);
      try {
        await admin`alter database ${admin(target)} rename to ${admin(previous)}`;
        break;
      } catch (error) {
        if (attempt >= 10) throw error;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
  } catch (error) {
    await admin`alter database ${admin(target)} with allow_connections true`.catch(() => {});
    await admin`drop database if exists ${admin(fresh)} with (force)`.catch(() => {});
    throw new Error(`could not move "${target}" aside (${(error as Error).message}); it is unchanged`);
  }
  try {
    await admin`alter database ${admin(fresh)} rename to ${admin(target)}`;
  } catch (error) {
    await admin`alter database ${admin(previous)} rename to ${admin(target)}`.catch(() => {});
    await admin`alter database ${admin(target)} with allow_connections true`.catch(() => {});
    throw new Error(`could not put the restored database in place (${(error as Error).message}); "${target}" was put back unchanged and the restored copy is "${fresh}"`);
  }
  await admin`alter database ${admin(previous)} with allow_connections true`;
  return previous;
}

async function pgRestore(tools: PgTools, url: string, file: string, archive: ArchiveInfo, log: (line: string) => void, clean: boolean): Promise<void> {
  const connection = libpqConnection(url);
  let done = 0;
  const result = await runTool(tools.pgRestore, [
    '--verbose', '--no-password', '--exit-on-error', '--single-transaction', '--no-owner', '--no-privileges',
    ...(clean ? ['--clean', '--if-exists'] : []),
    `--dbname=${connection.dbname}`, file,
  ], { ...tools.env, ...connection.env }, (line) => {
    const table = /processing data for table "?([^"]+)"?$/.exec(line);
    if (table) {
      done += 1;
      log(`  [${done}/${archive.tables.length}] ${table[1]}`);
    }
    return !/error|warning|fatal/i.test(line);
  });
  if (result.code !== 0) throw new Error(`pg_restore failed (exit ${result.code}); nothing was committed:\n${lastLines(result.messages)}`);
}

/** PostgreSQL truncates identifiers at 63 bytes; the suffix must survive, so the base is shortened. */
function limitName(base: string, suffix: string): string {
  const room = 63 - Buffer.byteLength(suffix);
  let short = base;
  while (Buffer.byteLength(short) > room) short = short.slice(0, -1);
  return short + suffix;
}

function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
