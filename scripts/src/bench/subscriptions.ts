import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createSql, createTestDatabase, runMigrations, startEmbeddedPostgres, usccCheckCharacter, type EmbeddedDatabase } from '@sw/kernel';
import { busMigrations } from '@sw/migrations';
import WebSocket from 'ws';
import { STATUS_CHANGED } from './subscription-services';

/**
 * `npm run bench:subscriptions`: K dashboards subscribe through the gateway to
 * `clearanceStatusChanged(filter: { enterprise })` (each to one of N enterprises) plus R
 * unfiltered regulator dashboards, while E status changes per second are published on the
 * real bus, spread evenly over the enterprises. Every event needs fields from three subgraphs
 * (clearance streams it; registry and credit answer the `Rest` entity fetches). Reported:
 * delivery latency (publish → the client parsed the message) p50/p99/max, messages delivered of
 * those expected, gateway RSS, and CPU per process. Processes: this driver (publisher and
 * clients), the gateway, the subgraphs, PostgreSQL (DATABASE_URL, or an embedded one).
 *
 *   npm run bench:subscriptions                       # quick: 1,000 subscribers, 100 enterprises, 100 events/s, 20 s
 *   npm run bench:subscriptions -- --subscribers 10000 --enterprises 1000 --regulators 10 --rate 1000 --duration 60
 */
const { values: args } = parseArgs({
  options: {
    subscribers: { type: 'string', default: process.env.BENCH_SUBSCRIBERS ?? '1000' },
    enterprises: { type: 'string', default: process.env.BENCH_ENTERPRISES ?? '100' },
    regulators: { type: 'string', default: process.env.BENCH_REGULATORS ?? '10' },
    rate: { type: 'string', default: process.env.BENCH_RATE ?? '100' },
    duration: { type: 'string', default: process.env.BENCH_DURATION ?? '20' },
    warmup: { type: 'string', default: process.env.BENCH_WARMUP ?? '5' },
    /** Writes V8 CPU profiles of the gateway and the subgraphs into this folder. */
    profile: { type: 'string', default: process.env.BENCH_PROFILE_DIR },
  },
});
const K = Number(args.subscribers);
const N = Number(args.enterprises);
const R = Number(args.regulators);
const RATE = Number(args.rate);
const DURATION_S = Number(args.duration);
const WARMUP_S = Number(args.warmup);
const ADMIN_KEY = 'bench-subscriptions-admin-key-0123';
const QUERY = `subscription($filter: ClearanceFilter) {
  clearanceStatusChanged(filter: $filter) { cursor to at declaration { id status enterprise { name credit { grade } } } }
}`;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The i-th enterprise's USCC (valid: the gateway checks the uscc claim of ENTERPRISE tokens). */
const enterprise = (i: number) => {
  const first17 = `91410100MA${String(i).padStart(7, '0')}`;
  return first17 + usccCheckCharacter(first17);
};

/**
 * Callers as in production: each enterprise's dashboards share that enterprise's token (an
 * ENTERPRISE JWT), so they share streams with each other and with no one else; regulators use
 * the admin key. Tokens are RS256, signed here, checked by the gateway against a JWKS file.
 */
const ISSUER = 'https://idp.bench.test';
const AUDIENCE = 'bench-gateway';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
function token(uscc: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const issuedAt = Math.floor(Date.now() / 1000);
  const unsigned = `${encode({ alg: 'RS256', kid: 'bench', typ: 'JWT' })}.${encode({ sub: `dashboard@${uscc}`, role: 'ENTERPRISE', uscc, scope: '', iss: ISSUER, aud: AUDIENCE, iat: issuedAt, exp: issuedAt + 3600 })}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), keys.privateKey).toString('base64url')}`;
}

interface Child<T> {
  process: ChildProcess;
  ready: T;
  stop(): Promise<void>;
}

function start<T>(role: string, env: Record<string, string>): Promise<Child<T>> {
  const child = fork(join(__dirname, 'subscription-services.js'), [role], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    execArgv: args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`, `--cpu-prof-name=${role}.cpuprofile`] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code} before it was ready`)));
    child.on('message', (message: { ready?: T; error?: string }) => {
      if (message.error) reject(new Error(`${role}: ${message.error}`));
      if (message.ready) {
        resolve({
          process: child,
          ready: message.ready,
          async stop() {
            child.kill('SIGTERM');
            await Promise.race([exited, sleep(5000).then(() => child.kill('SIGKILL'))]);
          },
        });
      }
    });
  });
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Latency samples, in ms. */
class Samples {
  private values = new Float64Array(1 << 16);
  count = 0;
  add(value: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = value;
  }
  percentile(p: number): number {
    const sorted = this.values.slice(0, this.count).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  }
}

const ENTERPRISES = Array.from({ length: N }, (_, i) => enterprise(i));
const tokens = new Map<string, string>();

interface Window {
  from: number;
  to: number;
}

/** One dashboard: a graphql-ws client written out by hand (the protocol is three messages), so the driver stays light. */
/** Close codes of dashboard sockets the gateway closed during the run, by code. */
const closedBy = new Map<number, number>();
let finishing = false;

function dashboard(url: string, filter: string | undefined, window: Window, samples: { all: Samples; regulators: Samples }, counts: { delivered: number; regulators: number; errors: number }): Promise<WebSocket> {
  const authorization = `Bearer ${filter ? tokens.get(filter) : ADMIN_KEY}`;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace('http', 'ws'), 'graphql-transport-ws', { perMessageDeflate: false });
    socket.once('error', reject);
    socket.once('close', (code) => finishing || closedBy.set(code, (closedBy.get(code) ?? 0) + 1));
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } })));
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw));
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: QUERY, variables: filter ? { filter: { enterprise: filter } } : {} } }));
        resolve(socket);
      } else if (message.type === 'next') {
        const event = message.payload.data?.clearanceStatusChanged;
        if (message.payload.errors) counts.errors++;
        if (!event) return;
        if (event.at >= window.from && event.at < window.to) {
          const latency = now() - event.at;
          counts.delivered++;
          samples.all.add(latency);
          if (!filter) {
            counts.regulators++;
            samples.regulators.add(latency);
          }
        }
      } else if (message.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      }
    });
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  let embedded: EmbeddedDatabase | undefined;
  let pgDir: string | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'sw-bench-subscriptions-'));
  if (!process.env.DATABASE_URL) {
    console.log('starting embedded PostgreSQL (set DATABASE_URL to use another server)');
    // A folder of its own: as root, the server runs as another user, who cannot enter `dir`.
    pgDir = mkdtempSync(join(tmpdir(), 'sw-bench-pg-'));
    embedded = await startEmbeddedPostgres(pgDir);
    process.env.DATABASE_URL = embedded.url;
  }
  const database = await createTestDatabase();
  const children: Child<unknown>[] = [];
  const sockets: WebSocket[] = [];
  const sql = createSql(database.url, 2);
  try {
    await runMigrations(database.url, [busMigrations]);
    const subgraphs = await start<{ supergraphPath: string }>('subgraphs', { DATABASE_URL: database.url, BENCH_DIR: dir });
    children.push(subgraphs);
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...keys.publicKey.export({ format: 'jwk' }), kid: 'bench', alg: 'RS256', use: 'sig' }] }));
    const gateway = await start<{ url: string }>('gateway', {
      ...(process.env.LOG_LEVEL ? { LOG_LEVEL: process.env.LOG_LEVEL } : {}),
      SUPERGRAPH_PATH: subgraphs.ready.supergraphPath, ADMIN_API_KEY: ADMIN_KEY,
      JWT_JWKS_PATH: join(dir, 'jwks.json'), JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE,
    });
    children.push(gateway);
    const stats = () => new Promise<{ groups: number; clients: number; upstreamConnections: number; resolved: number; rssMb: number; heapMb: number }>((resolve) => {
      gateway.process.once('message', (message: { stats: never }) => resolve(message.stats));
      gateway.process.send({ stats: true });
    });
    const idle = await stats();

    console.log(`connecting ${K} subscribers over ${N} enterprises and ${R} regulator dashboards …`);
    const window: Window = { from: Infinity, to: Infinity };
    const samples = { all: new Samples(), regulators: new Samples() };
    const counts = { delivered: 0, regulators: 0, errors: 0 };
    for (const uscc of ENTERPRISES) tokens.set(uscc, token(uscc));
    const filters = [...Array.from({ length: K }, (_, i) => ENTERPRISES[i % N]), ...Array.from({ length: R }, () => undefined)];
    for (let i = 0; i < filters.length; i += 200) {
      sockets.push(...(await Promise.all(filters.slice(i, i + 200).map((filter) => dashboard(gateway.ready.url, filter, window, samples, counts)))));
    }
    const deadline = Date.now() + 120_000;
    let connected = await stats();
    while (connected.clients < K + R) {
      if (Date.now() > deadline) throw new Error(`only ${connected.clients} of ${K + R} subscriptions open after 120 s`);
      await sleep(250);
      connected = await stats();
    }
    console.log(`${connected.clients} subscriptions share ${connected.groups} upstream streams (gateway RSS ${connected.rssMb.toFixed(0)} MB); publishing ${RATE} events/s …`);

    // Publisher: a batch every few ms, stamped just before it is written.
    let publishing = true;
    let published = 0;
    const wanted = { events: 0, messages: 0 };
    const subscribersOf = (index: number) => Math.floor(K / N) + (index < K % N ? 1 : 0);
    const publisher = (async () => {
      const begin = now();
      while (publishing) {
        const due = Math.floor(((now() - begin) / 1000) * RATE) - published;
        if (due > 0) {
          const at = now();
          const indexes = Array.from({ length: due }, (_, i) => (published + i) % N);
          const usccs = indexes.map((index) => ENTERPRISES[index]!);
          const rows = usccs.map((uscc, i) => ({
            id: randomUUID(), type: STATUS_CHANGED, subject: `D${published + i}`, actor: 'bench',
            data: sql.json({ declarationId: `D${published + i}`, enterprise: uscc, from: 'SUBMITTED', to: 'UNDER_REVIEW', at }),
          }));
          // As the kernel publishes: transaction id first, then the seqs, then NOTIFY.
          await sql.begin(async (tx) => {
            await tx`select pg_current_xact_id()`;
            const [last] = await tx`
              with inserted as (insert into bus.events ${tx(rows, 'id', 'type', 'subject', 'actor', 'data')} returning seq)
              select max(seq)::text as seq from inserted`;
            await tx`select pg_notify('bus', ${last!.seq})`;
          });
          if (at >= window.from && at < window.to) {
            wanted.events += usccs.length;
            for (const index of indexes) wanted.messages += subscribersOf(index) + R;
          }
          published += due;
        }
        await sleep(5);
      }
    })();

    await sleep(WARMUP_S * 1000);
    const pids = { gateway: gateway.process.pid!, subgraphs: subgraphs.process.pid!, driver: process.pid };
    const cpuBefore = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
    const resolvedBefore = (await stats()).resolved;
    window.from = now();
    window.to = window.from + DURATION_S * 1000;
    let rssPeak = 0;
    let heapPeak = 0;
    while (now() < window.to) {
      await sleep(1000);
      const sample = await stats();
      rssPeak = Math.max(rssPeak, sample.rssMb);
      heapPeak = Math.max(heapPeak, sample.heapMb);
    }
    const cpu = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, (cpuSeconds(pid) - cpuBefore[name]!) / DURATION_S]));
    const resolvedAfter = (await stats()).resolved;
    // Let the last events of the window arrive.
    await sleep(3000);
    publishing = false;
    await publisher;
    const final = await stats();
    finishing = true;

    const lines = [
      `subscribers ${K} over ${N} enterprises + ${R} regulator dashboards; ${RATE} events/s for ${DURATION_S} s (after ${WARMUP_S} s warm-up)`,
      `upstream streams ${final.groups} (gateway→clearance), Rest executions ${((resolvedAfter - resolvedBefore) / DURATION_S).toFixed(0)}/s`,
      `events published in the window ${wanted.events} (${(wanted.events / DURATION_S).toFixed(0)}/s); messages delivered ${counts.delivered} of ${wanted.messages} expected (${(counts.delivered / DURATION_S).toFixed(0)}/s; ${counts.regulators} of ${wanted.events * R} to regulators), ${counts.errors} with errors`,
      `dashboard sockets closed by the gateway during the run: ${closedBy.size === 0 ? 'none' : [...closedBy].map(([code, count]) => `${count} × ${code}`).join(', ')}`,
      `delivery latency ms: p50 ${samples.all.percentile(50).toFixed(1)}  p99 ${samples.all.percentile(99).toFixed(1)}  max ${samples.all.percentile(100).toFixed(1)}` +
        (R > 0 ? ` (regulator dashboards: p50 ${samples.regulators.percentile(50).toFixed(1)}  p99 ${samples.regulators.percentile(99).toFixed(1)})` : ''),
      `gateway RSS MB: idle ${idle.rssMb.toFixed(0)}, subscribed ${connected.rssMb.toFixed(0)}, peak while streaming ${rssPeak.toFixed(0)} (JS heap in use: peak ${heapPeak.toFixed(0)}, at the end ${final.heapMb.toFixed(0)})`,
      `CPU (cores busy): gateway ${cpu.gateway!.toFixed(2)}, subgraphs ${cpu.subgraphs!.toFixed(2)}, driver (publisher + clients) ${cpu.driver!.toFixed(2)}`,
      `machine: ${cpus().length} cores, load average ${loadavg().map((load) => load.toFixed(1)).join(' ')} (other processes share them); run took ${((Date.now() - started) / 1000).toFixed(0)} s`,
    ];
    console.log(`\n${lines.join('\n')}`);
  } finally {
    // The gateway first: it closes its clients' sockets itself (1001), as in a deployment.
    for (const child of children.reverse()) await child.stop().catch(() => {});
    for (const socket of sockets) socket.terminate();
    await sql.end({ timeout: 2 }).catch(() => {});
    await database.drop().catch(() => {});
    await embedded?.stop();
    rmSync(dir, { recursive: true, force: true });
    if (pgDir) rmSync(pgDir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
