import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { busMigrations, registryMigrations } from '@sw/migrations';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createSql, type Sql } from './database';
import { runMigrations } from './migrate';

let db: TestDatabase;
let sql: Sql;

const ALL = [busMigrations, registryMigrations];
const EXPECTED = ALL.flatMap((set) => set.migrations.map((migration) => `${set.schema}:${migration.name}`));

before(async () => {
  db = await createTestDatabase();
  sql = createSql(db.url, 2);
});

after(async () => {
  await sql?.end({ timeout: 5 });
  await db?.drop();
});

test('two concurrent runs on a fresh database both succeed and apply each migration once', async () => {
  const [first, second] = await Promise.all([runMigrations(db.url, ALL), runMigrations(db.url, ALL)]);
  assert.deepEqual([...first, ...second].sort(), [...EXPECTED].sort());
  // One run took the lock first and applied everything; the other found nothing pending.
  assert.ok(
    (first.length === EXPECTED.length && second.length === 0) || (second.length === EXPECTED.length && first.length === 0),
    `applied ${JSON.stringify(first)} and ${JSON.stringify(second)}`,
  );
  for (const set of ALL) {
    const recorded = await sql`select name from ${sql(set.schema)}.migrations order by id`;
    assert.deepEqual(recorded.map((row) => row.name), set.migrations.map((migration) => migration.name));
  }
  const tables = await sql`
    select table_schema || '.' || table_name as name from information_schema.tables
    where table_schema = 'bus' and table_name = 'events'`;
  assert.deepEqual(tables.map((row) => row.name), ['bus.events']);
  const [sequence] = await sql`select count(*)::int as n from pg_class where relname = 'events_seq' and relkind = 'S'`;
  assert.equal(sequence.n, 1);
});

test('running the migrations again applies nothing', async () => {
  const before = await sql`select count(*)::int as n from pg_class where relnamespace in ('bus'::regnamespace, 'registry'::regnamespace)`;
  assert.deepEqual(await runMigrations(db.url, ALL), []);
  assert.deepEqual(await runMigrations(db.url, [busMigrations]), []);
  const afterwards = await sql`select count(*)::int as n from pg_class where relnamespace in ('bus'::regnamespace, 'registry'::regnamespace)`;
  assert.equal(afterwards[0].n, before[0].n);
});

test('the advisory lock is released after a run, so a later run is not blocked', async () => {
  const [row] = await sql`
    select count(*)::int as n from pg_locks
    where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`;
  assert.equal(row.n, 0);
  const started = Date.now();
  assert.deepEqual(await runMigrations(db.url, [busMigrations]), []);
  assert.ok(Date.now() - started < 10_000);
});
