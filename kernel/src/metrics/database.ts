import type postgres from 'postgres';
import { Counter, Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { processRegistry } from './registry';

/** How long a scrape waits for the lag queries before it reports without them. */
export const LAG_TIMEOUT_MS = 1000;

// ---------------------------------------------------------------------------------------------
// Connection pools: every TypeORM data source made by createDataSource is tracked; its pg pool's
// counters are read at each scrape.

const dataSources = new Set<DataSource>();
const seenLive = new WeakSet<DataSource>();

/** The tracked data sources that are initialised; destroyed ones are forgotten. */
function liveDataSources(): DataSource[] {
  const live: DataSource[] = [];
  for (const dataSource of dataSources) {
    if (dataSource.isInitialized) {
      seenLive.add(dataSource);
      live.push(dataSource);
    } else if (seenLive.has(dataSource)) {
      dataSources.delete(dataSource);
    }
  }
  return live;
}

/** Called by createDataSource: the pool and the schema's bus consumers are reported from now on. */
export function trackDataSource(dataSource: DataSource): void {
  dataSources.add(dataSource);
}

interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

function schemaOf(dataSource: DataSource): string {
  return (dataSource.options as { schema?: string }).schema ?? 'public';
}

/** The pg pool of a live data source, where the driver exposes it. */
function poolOf(dataSource: DataSource): PoolCounts | undefined {
  if (!dataSource.isInitialized) return undefined;
  const master = (dataSource.driver as unknown as { master?: Partial<PoolCounts> }).master;
  return master && typeof master.totalCount === 'number' ? (master as PoolCounts) : undefined;
}

function poolGauge(name: string, help: string, read: (pool: PoolCounts) => number | undefined): void {
  new Gauge({
    name,
    help,
    labelNames: ['pool'],
    registers: [processRegistry],
    collect() {
      this.reset();
      const sums = new Map<string, number>();
      for (const dataSource of liveDataSources()) {
        const pool = poolOf(dataSource);
        const value = pool && read(pool);
        if (value === undefined) continue;
        const label = schemaOf(dataSource);
        sums.set(label, (sums.get(label) ?? 0) + value);
      }
      for (const [pool, value] of sums) this.set({ pool }, value);
    },
  });
}

poolGauge('sw_db_pool_total', 'Connections open in the database pool (pool = the service schema)', (pool) => pool.totalCount);
poolGauge('sw_db_pool_idle', 'Idle connections in the database pool', (pool) => pool.idleCount);
poolGauge('sw_db_pool_waiting', 'Queries waiting for a connection from the database pool', (pool) => pool.waitingCount);
poolGauge('sw_db_pool_max', 'Size limit of the database pool', (pool) => pool.options?.max);

// ---------------------------------------------------------------------------------------------
// Outbox lag: how far each bus consumer's offset is behind max(bus.events.seq).

export interface LagReading {
  /** max(bus.events.seq), undefined when the database has no bus. */
  head?: bigint;
  offsets: { schema: string; consumer: string; seq: bigint }[];
}

/** Something that reads consumer offsets: a service's own schema, or every schema (the gateway). */
export interface LagSource {
  read(): Promise<LagReading>;
}

const lagSources = new Set<LagSource>();

/** Adds a source to every scrape of this process; returns the function that removes it. */
export function registerLagSource(source: LagSource): () => void {
  lagSources.add(source);
  return () => {
    lagSources.delete(source);
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function offsetsSql(schemas: string[]): string {
  return schemas.map((schema) =>
    `select ${quoteLiteral(schema)} as schema, consumer, seq::text as seq from ${quoteIdentifier(schema)}.consumer_offsets`).join(' union all ');
}

/** The consumers in a data source's own schema (a subgraph reports its own consumers). */
function dataSourceLag(dataSource: DataSource): LagReading | Promise<LagReading> {
  if (!dataSource.isInitialized) return { offsets: [] };
  const schema = schemaOf(dataSource);
  return dataSource.transaction(async (manager) => {
    await manager.query(`set local statement_timeout = ${LAG_TIMEOUT_MS}`);
    const [found] = await manager.query(
      `select to_regclass('bus.events') is not null as bus, to_regclass($1) is not null as offsets`, [`${quoteIdentifier(schema)}.consumer_offsets`]);
    if (!found.bus) return { offsets: [] };
    const [{ head }] = await manager.query(`select coalesce(max(seq), 0)::text as head from bus.events`);
    const rows: { schema: string; consumer: string; seq: string }[] = found.offsets ? await manager.query(offsetsSql([schema])) : [];
    return { head: BigInt(head), offsets: rows.map((row) => ({ schema: row.schema, consumer: row.consumer, seq: BigInt(row.seq) })) };
  });
}

/** Every `<schema>.consumer_offsets` in the database, through a postgres.js client (the gateway's view of the whole bus). */
export function allSchemasLagSource(sql: postgres.Sql): LagSource {
  return {
    async read() {
      const [bus] = await sql<{ present: boolean }[]>`select to_regclass('bus.events') is not null as present`;
      if (!bus.present) return { offsets: [] };
      const schemas = await sql<{ schema: string }[]>`
        select table_schema as schema from information_schema.tables
        where table_name = 'consumer_offsets' and table_type = 'BASE TABLE' order by 1`;
      const [{ head }] = await sql<{ head: string }[]>`select coalesce(max(seq), 0)::text as head from bus.events`;
      const rows = schemas.length > 0 ? await sql.unsafe<{ schema: string; consumer: string; seq: string }[]>(offsetsSql(schemas.map((row) => row.schema))) : [];
      return { head: BigInt(head), offsets: rows.map((row) => ({ schema: row.schema, consumer: row.consumer, seq: BigInt(row.seq) })) };
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const lagErrors = new Counter({
  name: 'sw_bus_lag_scrape_errors_total',
  help: 'Scrapes in which reading the bus head or consumer offsets failed or timed out (the lag is then left out)',
  registers: [processRegistry],
  async collect() {
    // Counted by this scrape's read, which must finish first.
    await readLag();
  },
});

interface LagSnapshot {
  head?: bigint;
  lags: Map<string, { schema: string; consumer: string; lag: bigint }>;
}

let pending: Promise<LagSnapshot> | undefined;

/** One read per scrape, shared by the gauges below (prom-client collects them concurrently). */
function readLag(): Promise<LagSnapshot> {
  pending ??= (async () => {
    const sources: (LagSource | DataSource)[] = [...lagSources, ...liveDataSources()];
    const readings = await Promise.allSettled(sources.map((source) =>
      withTimeout(Promise.resolve('read' in source ? source.read() : dataSourceLag(source)), LAG_TIMEOUT_MS)));
    const snapshot: LagSnapshot = { lags: new Map() };
    for (const reading of readings) {
      if (reading.status === 'rejected') {
        lagErrors.inc();
        continue;
      }
      const { head, offsets } = reading.value;
      if (head === undefined) continue;
      if (snapshot.head === undefined || head > snapshot.head) snapshot.head = head;
      for (const offset of offsets) {
        const lag = head > offset.seq ? head - offset.seq : 0n;
        snapshot.lags.set(`${offset.schema}\u0000${offset.consumer}`, { schema: offset.schema, consumer: offset.consumer, lag });
      }
    }
    return snapshot;
  })().finally(() => {
    // Both gauges asked in the same tick of the scrape; the next scrape reads afresh.
    pending = undefined;
  });
  return pending;
}

new Gauge({
  name: 'sw_bus_head_seq',
  help: 'max(bus.events.seq): the newest event in the log',
  registers: [processRegistry],
  async collect() {
    this.reset();
    const { head } = await readLag();
    if (head !== undefined) this.set(Number(head));
  },
});

new Gauge({
  name: 'sw_bus_consumer_lag_events',
  help: 'Events a bus consumer has still to process: max(bus.events.seq) - its offset in <schema>.consumer_offsets',
  labelNames: ['schema', 'consumer'],
  registers: [processRegistry],
  async collect() {
    this.reset();
    const { lags } = await readLag();
    for (const { schema, consumer, lag } of lags.values()) this.set({ schema, consumer }, Number(lag));
  },
});
