import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import postgres from 'postgres';
import { createTestDatabase, runMigrations, type TestDatabase } from '@sw/kernel';
import * as migrations from '@sw/migrations';
import type { MigrationSet } from '@sw/migrations';
import { parseArchiveList, toolsForDump, toolsForRestore } from './pg-tools';
import { withDatabase } from './target';

/**
 * A round trip through `npm run backup` / `npm run restore` (the compiled CLI, real pg_dump and
 * pg_restore, the real server at DATABASE_URL) that must lose nothing: every table's rows and
 * checksum, every sequence's next value, and the definitions of triggers, functions, indexes,
 * constraints and views, the bus's append-only triggers above all.
 *
 * pg_dump refuses a server newer than itself. When no pg_dump at least as new as the server is
 * found (the embedded PostgreSQL 18 on a machine with only the PostgreSQL 15 client), the round
 * trip is skipped with the reason; the run against the machine's server exercises it.
 */
const CLI = join(__dirname, 'cli.js');
const SYSTEM_SCHEMAS = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_(toast|temp)'`;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], databaseUrl: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Everything a restore must bring back, in a form deepEqual compares. */
async function snapshot(url: string): Promise<Record<string, unknown>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql.unsafe<{ schema: string; name: string }[]>(`
      select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'm') and ${SYSTEM_SCHEMAS} order by 1, 2`);
    const data: Record<string, { rows: number; checksum: string }> = {};
    for (const table of tables) {
      const [row] = await sql.unsafe<{ rows: number; checksum: string }[]>(`
        select count(*)::int as rows, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as checksum
        from ${ident(table.schema)}.${ident(table.name)} t`);
      data[`${table.schema}.${table.name}`] = { rows: row.rows, checksum: row.checksum };
    }
    const sequences = await sql.unsafe(`
      select schemaname || '.' || sequencename as sequence,
             (case when last_value is null then start_value else last_value + increment_by end)::text as next_value
      from pg_sequences where schemaname not in ('pg_catalog', 'information_schema') order by 1`);
    const triggers = await sql.unsafe(`
      select t.tgrelid::regclass::text as "table", t.tgname as name, pg_get_triggerdef(t.oid) as definition, t.tgenabled as enabled
      from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
      where not t.tgisinternal and ${SYSTEM_SCHEMAS} order by 1, 2`);
    const functions = await sql.unsafe(`
      select p.oid::regprocedure::text as name, md5(pg_get_functiondef(p.oid)) as definition
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace where p.prokind in ('f', 'p') and ${SYSTEM_SCHEMAS} order by 1`);
    const indexes = await sql.unsafe(`
      select schemaname || '.' || indexname as name, indexdef from pg_indexes where schemaname not in ('pg_catalog', 'information_schema') order by 1`);
    const constraints = await sql.unsafe(`
      select c.conrelid::regclass::text as "table", c.conname as name, pg_get_constraintdef(c.oid) as definition
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace where ${SYSTEM_SCHEMAS} order by 1, 2, 3`);
    const views = await sql.unsafe(`
      select schemaname || '.' || viewname as name, definition from pg_views where schemaname not in ('pg_catalog', 'information_schema') order by 1`);
    const types = await sql.unsafe(`
      select t.typname as name, string_agg(e.enumlabel, ',' order by e.enumsortorder) as labels
      from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace where ${SYSTEM_SCHEMAS} group by 1 order by 1`);
    const plain = (rows: readonly object[]) => rows.map((row) => ({ ...row }));
    return { data, sequences: plain(sequences), triggers: plain(triggers), functions: plain(functions), indexes: plain(indexes), constraints: plain(constraints), views: plain(views), types: plain(types) };
  } finally {
    await sql.end();
  }
}

/** Every schema the services create, by their own migrations, plus a probe schema of awkward values. */
async function populate(url: string): Promise<void> {
  const sets = Object.values(migrations).filter((value): value is MigrationSet =>
    typeof value === 'object' && value !== null && 'schema' in value && 'migrations' in value);
  const bus = sets.filter((set) => set.schema === 'bus');
  await runMigrations(url, [...bus, ...sets.filter((set) => set.schema !== 'bus')]);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`
      insert into bus.events (id, type, subject, actor, occurred_at, data)
      select gen_random_uuid(), 'registry.enterprise.filed', 'uscc-' || g, 'test',
             timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute',
             jsonb_build_object('n', g, 'name', '郑州跨境电商 ' || g, 'quote', 'it''s "quoted"\\t\\\\ and' || chr(10) || 'a newline')
      from generate_series(1, 300) g`);
    const offsets = await sql<{ schema: string }[]>`
      select table_schema as schema from information_schema.tables where table_name = 'consumer_offsets' order by 1`;
    assert.ok(offsets.length > 0, 'the migrations create consumer offset tables');
    for (const [index, { schema }] of offsets.entries()) {
      await sql.unsafe(`insert into ${ident(schema)}.consumer_offsets (consumer, seq) values ('projector', ${250 - index}), ('audit', 300)`);
    }
    await sql.unsafe(`
      create schema probe;
      create type probe.mood as enum ('calm', 'busy', '繁忙');
      create table probe.things (
        id bigint generated always as identity primary key,
        name text not null,
        name_length int generated always as (length(name)) stored,
        body jsonb, raw bytea, amount numeric(30, 6), at timestamptz, tags text[], mood probe.mood, note text
      );
      create table probe.parts (
        id serial primary key,
        thing_id bigint not null references probe.things (id) on delete cascade,
        label text unique
      );
      create index things_name on probe.things (lower(name));
      create view probe.thing_names as select id, name from probe.things where note is not null;
      create sequence probe.counter start 1000 increment 7;
      select setval('probe.counter', 1042);
      create table probe.by_month (at date not null, n int) partition by range (at);
      create table probe.by_month_2026_01 partition of probe.by_month for values from ('2026-01-01') to ('2026-02-01');
      create table probe.by_month_2026_02 partition of probe.by_month for values from ('2026-02-01') to ('2026-03-01');
      insert into probe.by_month select date '2026-01-01' + g, g from generate_series(0, 50) g;
      create table probe.empty (id int);`);
    await sql.unsafe(`
      insert into probe.things (name, body, raw, amount, at, tags, mood, note)
      select 'thing ' || g || case when g % 7 = 0 then ' 中文 ' || chr(9) || 'tab' else '' end,
             case when g % 5 = 0 then null else jsonb_build_object('g', g, 'nested', jsonb_build_array(g, 'x', null)) end,
             case when g % 3 = 0 then null else decode(md5(g::text), 'hex') end,
             g * 1234567.891011,
             timestamptz '2026-03-01 12:00:00+08' + g * interval '1 second',
             array['a', 'b' || g, null, 'quote''s'],
             (array['calm', 'busy', '繁忙'])[1 + g % 3]::probe.mood,
             case when g % 2 = 0 then e'line one\\nline two \\\\ backslash' when g % 11 = 0 then '' else null end
      from generate_series(1, 500) g`);
    await sql.unsafe(`insert into probe.parts (thing_id, label) select 1 + g % 500, 'part ' || g from generate_series(1, 200) g`);
  } finally {
    await sql.end();
  }
}

/** What happens to a database between a backup and the restore: the schema changes, offsets move, the log grows. */
async function damage(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`
      drop schema probe cascade;
      delete from access.consumer_offsets;
      insert into bus.events (id, type, subject, actor, data)
        select gen_random_uuid(), 'registry.enterprise.amended', 'later-' || g, 'test', '{}' from generate_series(1, 5) g;
      select nextval('bus.events_seq');`);
  } finally {
    await sql.end();
  }
}

async function busHead(url: string): Promise<string> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [{ head }] = await sql<{ head: string }[]>`select max(seq)::text as head from bus.events`;
    return head;
  } finally {
    await sql.end();
  }
}

describe('npm run backup / npm run restore', () => {
  let database: TestDatabase;
  let skipReason: string | undefined;
  let original: Record<string, unknown>;
  const dir = mkdtempSync(join(tmpdir(), 'sw-backup-'));
  const file = join(dir, 'single-window.dump');
  const extraDatabases: string[] = [];

  before(async () => {
    database = await createTestDatabase();
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    const [{ num }] = await sql<{ num: number }[]>`select current_setting('server_version_num')::int as num`;
    await sql.end();
    const serverMajor = Math.floor(num / 10000);
    const choice = toolsForDump(serverMajor);
    if ('problem' in choice) {
      skipReason = `no usable pg_dump: ${choice.problem.split('\n')[0]}`;
      return;
    }
    // e.g. only a PostgreSQL 18 client for a 15 server: it dumps, but its pg_restore cannot restore there.
    const restoring = toolsForRestore(serverMajor, choice.tools.major);
    if ('problem' in restoring) {
      skipReason = `no usable pg_restore: ${restoring.problem.split('\n')[0]}`;
      return;
    }
    await populate(database.url);
    original = await snapshot(database.url);
  });

  after(async () => {
    const server = process.env.DATABASE_URL!;
    const admin = postgres(server, { max: 1, onnotice: () => {} });
    try {
      for (const name of extraDatabases) await admin`drop database if exists ${admin(name)} with (force)`;
    } finally {
      await admin.end();
    }
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const step = (name: string, body: (t: TestContext) => Promise<void>) => it(name, async (t) => {
    if (skipReason) return t.skip(skipReason);
    await body(t);
  });

  step('backs up every schema, the bus included, with progress, and never overwrites a file', async () => {
    assert.ok((original.data as Record<string, { rows: number }>)['bus.events'].rows === 300);
    const result = await cli(['backup', '--out', file], database.url);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /using pg_dump \d+/);
    assert.match(result.stdout, /\[\d+\/\d+\] bus\.events/);
    assert.match(result.stdout, /wrote .*single-window\.dump .*bus\.events up to seq 300/);

    const again = await cli(['backup', '--out', file], database.url);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
  });

  step('the archive lists the data of every table, the bus and the consumer offsets among them', async () => {
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    const reader = toolsForDump(Math.floor(Number((await sql`select current_setting('server_version_num') as v`)[0].v) / 10000));
    await sql.end();
    assert.ok('tools' in reader);
    const listing = await new Promise<string>((resolve, reject) => {
      const child = spawn(reader.tools.pgRestore, ['--list', file], { env: { ...process.env, ...reader.tools.env } });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.once('error', reject);
      child.once('close', () => resolve(out));
    });
    const archive = parseArchiveList(listing);
    for (const table of ['bus.events', 'access.consumer_offsets', 'probe.things', 'probe.by_month_2026_01', 'registry.migrations']) {
      assert.ok(archive.tables.includes(table), `${table} is in the archive (${archive.tables.join(', ')})`);
    }
  });

  step('refuses to restore over a database that holds data, and changes nothing', async () => {
    await damage(database.url);
    const damaged = await snapshot(database.url);
    assert.notDeepEqual(damaged, original);
    const result = await cli(['restore', file], database.url);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /is not empty .*bus\.events up to seq 305.*--force/s);
    assert.deepEqual(await snapshot(database.url), damaged);
  });

  step('--force restores into a fresh database and swaps it in: nothing lost, the old one kept aside', async () => {
    const result = await cli(['restore', file, '--force'], database.url);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /\[\d+\/\d+\] bus\.events/);
    const kept = /kept as "([^"]+)"/.exec(result.stdout)?.[1];
    assert.ok(kept, result.stdout);
    extraDatabases.push(kept);
    assert.deepEqual(await snapshot(database.url), original);
    // The replaced database is the damaged one, whole.
    assert.equal(await busHead(withDatabase(process.env.DATABASE_URL!, kept)), '305');
  });

  step('--in-place --force restores inside the database in one transaction, with the same result', async () => {
    await damage(database.url);
    const result = await cli(['restore', file, '--force', '--in-place'], database.url);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /in place/);
    assert.deepEqual(await snapshot(database.url), original);
  });

  step('restores into a database that does not exist yet without --force', async () => {
    const name = `${new URL(database.url).pathname.slice(1)}_copy`;
    extraDatabases.push(name);
    const copy = withDatabase(process.env.DATABASE_URL!, name);
    const result = await cli(['restore', file], copy);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.deepEqual(await snapshot(copy), original);
  });

  step('the restored bus is still append-only and its sequence goes on where the backup left it', async () => {
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      await assert.rejects(sql`update bus.events set actor = 'tamper' where seq = 1`, /append-only/);
      await assert.rejects(sql`delete from bus.events where seq = 1`, /append-only/);
      await assert.rejects(sql`truncate bus.events`, /append-only/);
      const [{ seq }] = await sql<{ seq: string }[]>`
        insert into bus.events (id, type, subject, actor) values (gen_random_uuid(), 'registry.enterprise.filed', 'after', 'test')
        returning seq::text`;
      assert.equal(seq, '301');
      const [{ next }] = await sql<{ next: string }[]>`select nextval('probe.counter')::text as next`;
      assert.equal(next, '1049');
    } finally {
      await sql.end();
    }
  });

  step('says clearly what is wrong with a file that is not a backup', async () => {
    const bogus = join(dir, 'not-a-backup.dump');
    writeFileSync(bogus, 'hello\n');
    const result = await cli(['restore', bogus, '--force'], database.url);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /is not an archive pg_restore .* can read/);
    const missing = await cli(['restore', join(dir, 'missing.dump')], database.url);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /does not exist/);
    assert.deepEqual(await busHead(database.url), '301');
  });
});
