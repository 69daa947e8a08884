import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { busMigrations, consumerTablesSql } from '@sw/migrations';
import type { DataSource } from 'typeorm';
import { createDataSource, createSql, type Sql } from '../db/database';
import { runMigrations } from '../db/migrate';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { allSchemasLagSource, LAG_TIMEOUT_MS, registerLagSource } from './database';
import { processRegistry } from './registry';
import { parsePrometheusText, sampleValue } from './text';

/** The pool and outbox-lag gauges against a real database: offsets in two schemas, one of them a service's own. */
describe('database metrics', () => {
  let db: TestDatabase;
  let sql: Sql;
  let dataSource: DataSource;

  before(async () => {
    db = await createTestDatabase();
    await runMigrations(db.url, [busMigrations]);
    sql = createSql(db.url, 2);
    for (const schema of ['svc', 'other']) {
      await sql.unsafe(`create schema ${schema}`);
      for (const statement of consumerTablesSql(schema)) await sql.unsafe(statement);
    }
    await sql.unsafe(`
      insert into bus.events (id, type, subject, actor)
      select gen_random_uuid(), 'registry.enterprise.filed', 's' || g, 'test' from generate_series(1, 40) g`);
    await sql.unsafe(`insert into svc.consumer_offsets (consumer, seq) values ('projector', 40), ('audit', 25)`);
    await sql.unsafe(`insert into other.consumer_offsets (consumer, seq) values ('relay', 10)`);
    dataSource = createDataSource({ url: db.url, schema: 'svc', entities: [], poolSize: 4 });
    await dataSource.initialize();
    await dataSource.query('select 1');
  });

  after(async () => {
    await dataSource.destroy();
    await sql.end();
    await db.drop();
  });

  const scrape = async () => parsePrometheusText(await processRegistry.metrics());

  it('reports the lag of the consumers in a service\'s own schema, and its pool', async () => {
    const found = await scrape();
    assert.equal(sampleValue(found, 'sw_bus_head_seq'), 40);
    assert.equal(sampleValue(found, 'sw_bus_consumer_lag_events', { schema: 'svc', consumer: 'projector' }), 0);
    assert.equal(sampleValue(found, 'sw_bus_consumer_lag_events', { schema: 'svc', consumer: 'audit' }), 15);
    // Another schema's consumers are not this service's to report.
    assert.equal(found.filter((sample) => sample.name === 'sw_bus_consumer_lag_events' && sample.labels.schema === 'other').length, 0);
    assert.equal(sampleValue(found, 'sw_db_pool_max', { pool: 'svc' }), 4);
    assert.ok(sampleValue(found, 'sw_db_pool_total', { pool: 'svc' }) >= 1);
    assert.ok(found.some((sample) => sample.name === 'sw_db_pool_idle' && sample.labels.pool === 'svc'));
    assert.equal(sampleValue(found, 'sw_db_pool_waiting', { pool: 'svc' }), 0);
  });

  it('moves with the log: new events raise the lag until the consumer catches up', async () => {
    await sql.unsafe(`
      insert into bus.events (id, type, subject, actor)
      select gen_random_uuid(), 'registry.enterprise.filed', 'n' || g, 'test' from generate_series(1, 5) g`);
    let found = await scrape();
    assert.equal(sampleValue(found, 'sw_bus_head_seq'), 45);
    assert.equal(sampleValue(found, 'sw_bus_consumer_lag_events', { schema: 'svc', consumer: 'projector' }), 5);
    await sql.unsafe(`update svc.consumer_offsets set seq = 45 where consumer = 'projector'`);
    found = await scrape();
    assert.equal(sampleValue(found, 'sw_bus_consumer_lag_events', { schema: 'svc', consumer: 'projector' }), 0);
  });

  it('the gateway\'s source reads every schema\'s consumers', async () => {
    const unregister = registerLagSource(allSchemasLagSource(sql));
    try {
      const found = await scrape();
      assert.equal(sampleValue(found, 'sw_bus_consumer_lag_events', { schema: 'other', consumer: 'relay' }), 35);
      assert.equal(sampleValue(found, 'sw_bus_consumer_lag_events', { schema: 'svc', consumer: 'audit' }), 20);
      // One series per consumer, although two sources saw the svc schema.
      assert.equal(found.filter((sample) => sample.name === 'sw_bus_consumer_lag_events' && sample.labels.consumer === 'audit').length, 1);
    } finally {
      unregister();
    }
  });

  it('a source that does not answer in time is left out and counted, and the scrape still answers', async () => {
    const before = sampleValue(await scrape(), 'sw_bus_lag_scrape_errors_total');
    const unregister = registerLagSource({ read: () => new Promise(() => {}) });
    try {
      const started = Date.now();
      const found = await scrape();
      assert.ok(Date.now() - started < LAG_TIMEOUT_MS + 1000, 'answered within the timeout');
      assert.equal(sampleValue(found, 'sw_bus_lag_scrape_errors_total'), before + 1);
      assert.equal(sampleValue(found, 'sw_bus_consumer_lag_events', { schema: 'svc', consumer: 'audit' }), 20);
    } finally {
      unregister();
    }
  });

  it('forgets a data source once it is destroyed', async () => {
    const extra = createDataSource({ url: db.url, schema: 'other', entities: [], poolSize: 2 });
    await extra.initialize();
    assert.equal(sampleValue(await scrape(), 'sw_db_pool_max', { pool: 'other' }), 2);
    await extra.destroy();
    const found = await scrape();
    assert.equal(found.filter((sample) => sample.name === 'sw_db_pool_max' && sample.labels.pool === 'other').length, 0);
    assert.equal(found.filter((sample) => sample.name === 'sw_bus_consumer_lag_events' && sample.labels.schema === 'other').length, 0);
  });
});
