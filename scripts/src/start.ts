import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import postgres from 'postgres';
import { freePort } from '@sw/kernel';
import { RELAY_READY } from './relay';
import { subgraphs } from './schema/subgraphs';

/**
 * `npm start`: the whole system on one machine. Without DATABASE_URL it runs the embedded
 * PostgreSQL with its data under ./.data (kept across restarts), then every subgraph and the
 * gateway as their own processes; with NATS_URL set, also the relay to NATS JetStream.
 * Ctrl-C stops them all, PostgreSQL last.
 */
const root = join(__dirname, '..', '..');
const dataDir = join(root, '.data');
const DATABASE_NAME = 'single_window';
const STARTUP_TIMEOUT_MS = 60_000;

/** Local stand-ins for the external agencies, started only where no real agency URL is configured. */
const SIMULATORS = [
  { agency: 'saic', urlVariable: 'AGENCY_SAIC_URL', defaultPort: 4101 },
  { agency: 'tax', urlVariable: 'AGENCY_TAX_URL', defaultPort: 4102 },
  { agency: 'public-security', urlVariable: 'AGENCY_PUBLIC_SECURITY_URL', defaultPort: 4103 },
  { agency: 'customs', urlVariable: 'AGENCY_CUSTOMS_URL', defaultPort: 4104 },
];

const children: ChildProcess[] = [];
let database: ChildProcess | undefined;
let stopping = false;

async function main(): Promise<void> {
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  const env: NodeJS.ProcessEnv = { ...process.env };
  env.DATABASE_URL ??= await embeddedDatabaseUrl();
  env.ADMIN_API_KEY ??= adminKey();
  for (const simulator of SIMULATORS) {
    if (env[simulator.urlVariable]) continue;
    const port = await portFor('', simulator.defaultPort, env);
    await startService(`${simulator.agency} simulator`, 'subgraphs/agencies/dist/simulators/main.js', { ...env, SIM_PORT: String(port) },
      `http://127.0.0.1:${port}/healthz`, [simulator.agency]);
    env[simulator.urlVariable] = `http://127.0.0.1:${port}`;
  }
  const overrides: Record<string, string> = {};
  // The subgraphs composed into the supergraph are the ones to run, each on the port of its local URL.
  for (const subgraph of subgraphs) {
    const portVariable = `${subgraph.name.toUpperCase()}_PORT`;
    const port = await portFor(portVariable, Number(new URL(subgraph.url).port), env);
    await startService(subgraph.name, `subgraphs/${subgraph.name}/dist/main.js`, { ...env, [portVariable]: String(port) }, `http://127.0.0.1:${port}/healthz`);
    overrides[`SUBGRAPH_URL_${subgraph.name.toUpperCase()}`] = `http://127.0.0.1:${port}/graphql`;
  }
  if (env.NATS_URL) await startRelay(env);
  const gatewayPort = Number(env.PORT ?? 4000);
  await startService('gateway', 'gateway/dist/main.js', { ...env, ...overrides, PORT: String(gatewayPort) }, `http://127.0.0.1:${gatewayPort}/healthz`);
  console.log([
    '',
    `  Single Window gateway  http://localhost:${gatewayPort}/graphql`,
    `  Apollo Sandbox         open http://localhost:${gatewayPort}/graphql in a browser`,
    `  Admin API key          ${process.env.ADMIN_API_KEY ? '(from ADMIN_API_KEY)' : env.ADMIN_API_KEY} — send "Authorization: Bearer <key>"`,
    `  Health                 http://localhost:${gatewayPort}/healthz  ·  http://localhost:${gatewayPort}/readyz`,
    '',
    '  Ctrl-C stops everything.',
    '',
  ].join('\n'));
}

/** Starts (or finds again) the embedded server and the product's database in it. */
async function embeddedDatabaseUrl(): Promise<string> {
  mkdirSync(dataDir, { recursive: true });
  console.log(`starting embedded PostgreSQL (data in ${join(dataDir, 'postgres')})`);
  const serverUrl = await startDatabaseProcess(join(dataDir, 'postgres'));
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const [found] = await admin`select 1 from pg_database where datname = ${DATABASE_NAME}`;
    if (!found) await admin.unsafe(`create database ${DATABASE_NAME}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${DATABASE_NAME}`;
  return url.toString();
}

/** Starts scripts/dist/embedded-db.js in its own process group and waits for its URL. */
function startDatabaseProcess(dir: string): Promise<string> {
  const child = spawn(process.execPath, [join(__dirname, 'embedded-db.js'), dir], { detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  database = child;
  return new Promise((resolve, reject) => {
    child.once('message', (message: { url?: string }) => (message.url ? resolve(message.url) : reject(new Error('no database URL'))));
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited (code ${code})`)));
  });
}

/** A local admin key, made once and kept with the data so it survives restarts. */
function adminKey(): string {
  const file = join(dataDir, 'admin-api-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = `sw_admin_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/** The configured port, or the default, or any free port when the default is taken. */
async function portFor(variable: string, fallback: number, env: NodeJS.ProcessEnv): Promise<number> {
  if (variable && env[variable]) return Number(env[variable]);
  return (await portIsFree(fallback)) ? fallback : freePort();
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Starts a child process; if it ever exits on its own, everything stops. */
function startChild(name: string, entry: string, env: NodeJS.ProcessEnv, stdout: 'inherit' | 'pipe', args: string[] = []): ChildProcess {
  console.log(`starting ${name}`);
  const child = spawn(process.execPath, [join(root, entry), ...args], { cwd: root, env, stdio: ['ignore', stdout, 'inherit'] });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${name} exited (${signal ?? `code ${code}`}); stopping everything`);
    void shutdown(1);
  });
  return child;
}

async function startService(name: string, entry: string, env: NodeJS.ProcessEnv, healthUrl: string, args: string[] = []): Promise<void> {
  const child = startChild(name, entry, env, 'inherit', args);
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} failed to start`);
    const healthy = await fetch(healthUrl, { signal: AbortSignal.timeout(1000) }).then((response) => response.ok, () => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} did not answer ${healthUrl} within ${STARTUP_TIMEOUT_MS / 1000} s`);
}

/** The relay has no HTTP port: it is up once it logs its ready line (its output is passed on as it is). */
async function startRelay(env: NodeJS.ProcessEnv): Promise<void> {
  const child = startChild('nats relay', 'scripts/dist/relay.js', env, 'pipe');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nats relay was not ready within ${STARTUP_TIMEOUT_MS / 1000} s`)), STARTUP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error('nats relay failed to start'));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      console.log(line);
      if (line.includes(RELAY_READY)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(children.reverse().map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    // A pending timer keeps the launcher alive until every child has really gone.
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  })));
  if (database && database.exitCode === null) {
    console.log('stopping embedded PostgreSQL');
    const db = database;
    await new Promise<void>((resolve) => {
      db.once('exit', () => resolve());
      db.kill('SIGTERM');
    });
  }
  process.exit(code);
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
});
