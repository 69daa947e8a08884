import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createTestDatabase, DEV_IDENTITY_SIGNING_KEYS, IDENTITY_HEADER, startEmbeddedPostgres, type EmbeddedDatabase } from '@sw/kernel';
import { startChild, type Child } from './child';
import { composeFederation } from './federation/compose';
import { BENCH_QUERY } from './federation/schema';
import { enterpriseInput, FILE_ENTERPRISE, FILE_INDIVIDUAL, inParallel, personInput, benchUscc } from './domain/seed';
import { measure, measureSlice, summarise, type LoadSpec, type Slice } from './load';
import { representationsOf, stagesOf, type RecordedFetch, type ReplayPlan } from './plan';
import { Recorder } from './recorder';
import { markdown, ratio, type SubgraphTraffic, type TargetResult, type WorkloadAResult, type WorkloadBResult } from './report';
import { readSettings, type BenchSettings, type TargetName } from './settings';
import { topSelfTime } from './profile';
import { waitForQuiet } from './proc';

const RESULTS = join(__dirname, '..', 'results');
const LABELS: Record<TargetName, string> = {
  ours: 'ours (@sw/gateway)',
  apollo: 'stock @apollo/gateway + @apollo/server',
  hive: 'Hive Gateway (@graphql-hive/gateway)',
  floor: 'floor (subgraphs directly, plan order)',
  'apollo-undici': 'experiment: stock Apollo Gateway with Node fetch (undici) to subgraphs',
  'apollo-http': 'experiment: stock Apollo Gateway with a bare keep-alive node:http client to subgraphs',
  'ours-semispace': 'experiment: ours with --max-semi-space-size=64',
};
type GatewayName = Exclude<TargetName, 'floor'>;
const SCRIPTS: Record<GatewayName, string> = { ours: 'gateways/ours', apollo: 'gateways/apollo', hive: 'gateways/hive', 'apollo-undici': 'gateways/apollo', 'apollo-http': 'gateways/apollo', 'ours-semispace': 'gateways/ours' };
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

function packageVersion(name: string): string | undefined {
  for (const base of require.resolve.paths(name) ?? []) {
    try {
      return (JSON.parse(readFileSync(join(base, name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      // not in this node_modules
    }
  }
  return undefined;
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body, signal: AbortSignal.timeout(30_000) });
  return { status: response.status, text: await response.text() };
}

function trafficOf(fetches: RecordedFetch[]): SubgraphTraffic {
  let representations = 0;
  let uniqueRepresentations = 0;
  for (const fetch of fetches) {
    const counted = representationsOf(fetch.body);
    representations += counted.total;
    uniqueRepresentations += counted.unique;
  }
  return {
    calls: fetches.length,
    stages: stagesOf(fetches).length,
    bytesSent: fetches.reduce((sum, fetch) => sum + Buffer.byteLength(fetch.body), 0),
    representations,
    uniqueRepresentations,
  };
}

function planOf(fetches: RecordedFetch[], response: string, extra: Partial<ReplayPlan> = {}): ReplayPlan {
  return {
    stages: stagesOf(fetches).map((stage) => stage.map(({ subgraph, url, body, headers }) => ({ subgraph, url, body, headers }))),
    response,
    ...extra,
  };
}

function gatewayEnv(target: GatewayName, supergraphPath: string, settings: BenchSettings, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { NODE_ENV: 'production', SUPERGRAPH_PATH: supergraphPath };
  if (target === 'apollo-undici') env.BENCH_FETCHER = 'undici';
  if (target === 'apollo-http') env.BENCH_FETCHER = 'http';
  if (target === 'ours' || target === 'ours-semispace') {
    if (target === 'ours-semispace') env.NODE_OPTIONS = '--max-semi-space-size=64';
    Object.assign(env, {
      PORT: '0',
      HOST: '127.0.0.1',
      IDENTITY_SIGNING_KEYS: DEV_IDENTITY_SIGNING_KEYS,
      RATE_LIMIT_POINTS: '0',
      RATE_LIMIT_ANONYMOUS_POINTS: '0',
      ...extra,
      ...settings.oursEnv,
    });
  }
  return env;
}

async function startTarget(target: GatewayName, env: Record<string, string>, execArgv: string[] = []): Promise<Child<{ url: string }>> {
  // A profiled process writes its profile only when it ends by itself: give it time to drain.
  return startChild<{ url: string }>(target, SCRIPTS[target], env, { execArgv, graceMs: execArgv.length ? 30_000 : 5000 });
}

/** A target started and checked, waiting for its turns of load. */
interface Live {
  result: TargetResult;
  child: Child<{ url: string }>;
  spec: LoadSpec;
  /** Other processes whose CPU time per request is reported (subgraphs). */
  others: Record<string, number>;
  slices: Slice[];
}

/**
 * Loads the targets one at a time, in `settings.rounds` rounds (ours, stock, Hive, floor,
 * ours, stock, …), so that other work on the machine falls on all of them alike; the first
 * turn of each starts with the full warm-up, later turns with one second.
 */
async function interleave(live: Live[], settings: BenchSettings, label: string): Promise<void> {
  const seconds = settings.seconds / settings.rounds;
  for (let round = 0; round < settings.rounds; round++) {
    await waitForQuiet(0.3, settings.quietWaitSeconds, log);
    for (const target of live) {
      if (target.result.problem && target.slices.length === 0 && round > 0) continue;
      const warmup = round === 0 ? settings.warmupSeconds : Math.min(1, settings.warmupSeconds);
      log(`${label}: ${target.result.target}${target.spec.connections === 1 ? ' at 1 connection' : ''}, round ${round + 1}/${settings.rounds}: ${warmup} s warm-up, ${seconds.toFixed(1)} s measured`);
      try {
        target.slices.push(await measureSlice({ ...target.spec, warmupSeconds: warmup, seconds }, target.child.pid, target.others));
      } catch (error) {
        target.result.problem = (error as Error).message;
        log(`${label}: ${target.result.target} failed: ${target.result.problem}`);
      }
    }
  }
  for (const target of live) {
    if (target.slices.length === 0) continue;
    const m = (target.result.measurement = summarise(target.slices));
    log(`${label}: ${target.result.target}${m.connections === 1 ? ' @1' : ''}: ${m.rps.toFixed(0)} RPS, p50 ${m.latencyMs.p50.toFixed(1)} ms, p99 ${m.latencyMs.p99.toFixed(1)} ms, ${m.errors} errors, CPU ${m.cpuMsPerRequest.toFixed(2)} ms/req, peak RSS ${m.peakRssMb.toFixed(0)} MB, other work ${m.foreignCores.toFixed(2)} cores`);
  }
}

/* ------------------------------------------------------------------ workload A */

async function workloadA(settings: BenchSettings, dir: string): Promise<WorkloadAResult> {
  log(`workload A: starting the four subgraphs on 127.0.0.1:${settings.subgraphPort}-${settings.subgraphPort + 3} (response cache ${settings.subgraphCache ? 'on' : 'off'})`);
  const subgraphs = await startChild<Record<string, string>>('subgraphs', 'federation/subgraphs-child', {
    NODE_ENV: 'production', BENCH_SUBGRAPH_PORT: String(settings.subgraphPort), BENCH_SUBGRAPH_CACHE: settings.subgraphCache ? '1' : '0',
  });
  const recorder = await Recorder.start(subgraphs.ready);
  const supergraphPath = join(dir, 'federation.graphql');
  const recordingPath = join(dir, 'federation-recording.graphql');
  writeFileSync(supergraphPath, composeFederation(subgraphs.ready));
  writeFileSync(recordingPath, composeFederation(recorder.urls));
  const body = JSON.stringify({ query: BENCH_QUERY, operationName: 'Bench', variables: {} });
  const gateways = (['ours', 'apollo', 'hive', 'apollo-undici', 'apollo-http', 'ours-semispace'] as const).filter((target) => settings.targets.has(target) || (target === 'ours' && settings.targets.has('floor')));
  const results = new Map<TargetName, TargetResult>();
  const answers = new Map<TargetName, string>();
  const recordings = new Map<TargetName, RecordedFetch[]>();

  try {
    // 1. Each gateway once behind the recording proxy: its answer, and what it sends to the subgraphs.
    for (const target of gateways) {
      const result: TargetResult = { target, label: LABELS[target], version: target === 'ours' ? undefined : packageVersion(target === 'hive' ? '@graphql-hive/gateway' : '@apollo/gateway') };
      results.set(target, result);
      let child: Child<{ url: string }> | undefined;
      try {
        child = await startTarget(target, gatewayEnv(target, recordingPath, settings));
        await post(child.ready.url, body);
        const { result: answer, fetches } = await recorder.record(() => post(child!.ready.url, body));
        if (answer.status !== 200) throw new Error(`HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
        const parsed = JSON.parse(answer.text) as { data?: unknown; errors?: { message: string }[] };
        if (parsed.errors?.length) throw new Error(`answered with errors: ${parsed.errors.map((error) => error.message).join('; ').slice(0, 300)}`);
        answers.set(target, answer.text);
        recordings.set(target, fetches);
        result.traffic = trafficOf(fetches);
      } catch (error) {
        result.problem = (error as Error).message;
        log(`workload A: ${target} failed its check: ${result.problem}`);
      } finally {
        await child?.stop();
      }
    }
    // The answers must agree (stock Apollo Gateway is the reference when it ran).
    const reference = answers.get('apollo') ?? answers.get('ours') ?? answers.get('hive');
    const responseBytes = reference ? Buffer.byteLength(reference) : 0;
    for (const [target, answer] of answers) {
      if (!isDeepStrictEqual(JSON.parse(answer).data, JSON.parse(reference!).data)) {
        results.get(target)!.problem = 'its data differs from stock Apollo Gateway\'s answer';
        log(`workload A: ${target} answered different data`);
      }
    }
    log(`workload A: answer ${responseBytes} bytes; subgraph traffic per request: ${[...results.values()].filter((r) => r.traffic).map((r) => `${r.target} ${r.traffic!.calls} calls, ${r.traffic!.representations} representations (${r.traffic!.uniqueRepresentations} distinct), ${r.traffic!.bytesSent} B`).join('; ')}`);

    // 2. Measure each gateway on the direct supergraph, one at a time, each in its own process.
    // Every answer must be the whole answer, byte for byte as this gateway gave it when checked.
    const spec = (url: string, expected: string, verify = (text: string) => text === expected): LoadSpec => ({
      url,
      headers: JSON_HEADERS,
      bodies: [body],
      verify,
      connections: settings.connections,
      warmupSeconds: settings.warmupSeconds,
      seconds: settings.seconds,
    });
    const order: TargetName[] = ['ours', 'apollo', 'hive', 'floor', 'apollo-undici', 'apollo-http', 'ours-semispace'];
    const live: Live[] = [];
    try {
      for (const target of order.filter((t) => settings.targets.has(t))) {
        if (target === 'floor') {
          const fetches = recordings.get('ours') ?? recordings.get('apollo');
          const answer = answers.get('ours') ?? answers.get('apollo');
          const result: TargetResult = { target, label: LABELS.floor };
          results.set('floor', result);
          if (!fetches || !answer) {
            result.problem = 'no gateway recording to replay';
            continue;
          }
          result.traffic = trafficOf(fetches);
          const planPath = join(dir, 'floor-a.json');
          writeFileSync(planPath, JSON.stringify(planOf(fetches, answer)));
          const child = await check(result, () => startChild<{ url: string }>('floor', 'floor', { NODE_ENV: 'production', FLOOR_PLAN: planPath }), answer);
          if (child) live.push(child);
          continue;
        }
        const result = results.get(target)!;
        const expected = answers.get(target);
        if (!expected) continue;
        const child = await check(result, () => startTarget(target, gatewayEnv(target, supergraphPath, settings)), expected);
        if (child) live.push(child);
      }
      await interleave(live, settings, 'workload A');
    } finally {
      for (const { child } of live) await child.stop();
    }

    /** Starts a target, checks its answer, and says how to load it. */
    async function check(result: TargetResult, start: () => Promise<Child<{ url: string }>>, expected: string): Promise<Live | undefined> {
      let child: Child<{ url: string }> | undefined;
      try {
        child = await start();
        const answer = await post(child.ready.url, body);
        let verify = (text: string) => text === expected;
        if (answer.text !== expected) {
          // Not byte-identical from one request to the next: accept any answer of the same data.
          const data = JSON.parse(expected).data;
          verify = (text: string) => {
            try {
              return isDeepStrictEqual(JSON.parse(text).data, data) && !text.includes('"errors"');
            } catch {
              return false;
            }
          };
          if (!verify(answer.text)) throw new Error(`wrong answer: ${answer.text.slice(0, 300)}`);
          log(`workload A: ${result.target} answers vary in bytes; checking data instead`);
        }
        return { result, child, spec: spec(child.ready.url, expected, verify), others: { subgraphs: subgraphs.pid }, slices: [] };
      } catch (error) {
        result.problem = (error as Error).message;
        log(`workload A: ${result.target} not measured: ${result.problem}`);
        await child?.stop();
        return undefined;
      }
    }

    // 3. Optionally, one more run of our gateway (and others listed in BENCH_PROFILE) under --cpu-prof; not in the table: the profiler costs CPU.
    let profile: string | undefined;
    const profiles: Record<string, string> = {};
    for (const target of settings.profile) {
      const expected = answers.get(target);
      if (!expected) continue;
      const profileDir = join(RESULTS, 'profiles');
      mkdirSync(profileDir, { recursive: true });
      const name = `${target}-workload-a.cpuprofile`;
      log(`workload A: profiling ${target} (--cpu-prof)`);
      const child = await startTarget(target, gatewayEnv(target, supergraphPath, settings), ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}`]);
      let cpuMsPerRequest = NaN;
      try {
        const m = await measure({ ...spec(child.ready.url, expected), warmupSeconds: settings.warmupSeconds, seconds: settings.seconds }, child.pid);
        cpuMsPerRequest = m.cpuMsPerRequest;
        log(`workload A: ${target} under the profiler: ${m.rps.toFixed(0)} RPS, CPU ${m.cpuMsPerRequest.toFixed(2)} ms/req, ${m.requests} requests`);
      } finally {
        await child.stop();
      }
      try {
        profiles[target] = topSelfTime(join(profileDir, name), 10, { lastSeconds: settings.seconds, cpuMsPerRequest });
      } catch (error) {
        profiles[target] = `no profile: ${(error as Error).message}`;
      }
      log(`workload A: ${target}'s profile (bench/results/profiles/${name}):\n${profiles[target]}`);
    }
    profile = profiles.ours;

    const targets = order.filter((t) => results.has(t) && settings.targets.has(t)).map((t) => results.get(t)!);
    return {
      query: BENCH_QUERY,
      responseBytes,
      subgraphCache: settings.subgraphCache,
      targets,
      profile,
      ratios: {
        oursVsApollo: ratio(results.get('ours')?.measurement, results.get('apollo')?.measurement),
        oursVsHive: ratio(results.get('ours')?.measurement, results.get('hive')?.measurement),
      },
    };
  } finally {
    await recorder.stop();
    await subgraphs.stop();
  }
}

/* ------------------------------------------------------------------ workload B */

export const DOMAIN_QUERY = `query Enterprise($u: ID!) {
  enterprise(uscc: $u) { name region roles filing { status } credit { grade } saic { status } tax { rating } }
}`;
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

async function workloadB(settings: BenchSettings, dir: string): Promise<WorkloadBResult> {
  let embedded: EmbeddedDatabase | undefined;
  let pgDir: string | undefined;
  if (!process.env.DATABASE_URL) {
    log('workload B: starting an embedded PostgreSQL');
    pgDir = mkdtempSync(join(tmpdir(), 'sw-bench-pg-'));
    embedded = await startEmbeddedPostgres(pgDir);
    process.env.DATABASE_URL = embedded.url;
  }
  const database = await createTestDatabase();
  let stack: Child<Record<string, string>> | undefined;
  let recorder: Recorder | undefined;
  const children: Child<{ url: string }>[] = [];
  try {
    stack = await startChild<Record<string, string>>('stack', 'domain/stack-child', { DATABASE_URL: database.url, NODE_ENV: 'test' }, { timeoutMs: 120_000 });
    const subgraphEnv = (urls: Record<string, string>) => Object.fromEntries(Object.entries(urls).map(([name, url]) => [`SUBGRAPH_URL_${name.toUpperCase()}`, url]));
    const oursEnv = (urls: Record<string, string>) => gatewayEnv('ours', join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), settings, {
      ...subgraphEnv(urls), ADMIN_API_KEY: ADMIN_KEY, DATABASE_URL: database.url,
    });
    const admin = { authorization: `Bearer ${ADMIN_KEY}` };

    // Seed through the gateway, as a partner would.
    const seeding = await startTarget('ours', oursEnv(stack.ready));
    children.push(seeding);
    const t0 = performance.now();
    log(`workload B: seeding ${settings.enterprises} enterprises and ${settings.persons} persons through the gateway`);
    const failures: string[] = [];
    await inParallel(settings.enterprises, 8, async (n) => {
      const answer = await post(seeding.ready.url, JSON.stringify({ query: FILE_ENTERPRISE, variables: { i: enterpriseInput(n) } }), admin);
      if (answer.text.includes('"errors"')) failures.push(answer.text.slice(0, 300));
    });
    await inParallel(settings.persons, 8, async (n) => {
      const answer = await post(seeding.ready.url, JSON.stringify({ query: FILE_INDIVIDUAL, variables: { i: personInput(n) } }), admin);
      if (answer.text.includes('"errors"')) failures.push(answer.text.slice(0, 300));
    });
    if (failures.length) throw new Error(`${failures.length} seed mutations failed, first: ${failures[0]}`);
    // Credit builds its profiles from the bus: wait for the last one.
    const last = benchUscc(settings.enterprises - 1);
    for (let attempt = 0; ; attempt++) {
      const answer = await post(seeding.ready.url, JSON.stringify({ query: 'query($u: ID!) { enterprise(uscc: $u) { credit { grade } } }', variables: { u: last } }), admin);
      if (answer.text.includes('"grade"')) break;
      if (attempt > 600) throw new Error(`credit never computed a profile for ${last}: ${answer.text.slice(0, 300)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seedSeconds = (performance.now() - t0) / 1000;
    log(`workload B: seeded in ${seedSeconds.toFixed(1)} s`);
    await seeding.stop();

    // Record the subgraph calls of one request, for the floor.
    recorder = await Recorder.start(stack.ready);
    const recording = await startTarget('ours', oursEnv(recorder.urls));
    children.push(recording);
    const sample = benchUscc(0);
    const sampleBody = JSON.stringify({ query: DOMAIN_QUERY, variables: { u: sample } });
    await post(recording.ready.url, sampleBody, admin);
    const { result: answer, fetches } = await recorder.record(() => post(recording.ready.url, sampleBody, admin));
    await recording.stop();
    if (answer.status !== 200 || answer.text.includes('"errors"')) throw new Error(`the domain query failed: ${answer.text.slice(0, 400)}`);
    const identity = fetches[0]?.headers[IDENTITY_HEADER];
    const caller = identity ? (JSON.parse(Buffer.from(identity.split('.')[0]!, 'base64url').toString('utf8')) as { caller: unknown }).caller : null;
    const planPath = join(dir, 'floor-b.json');
    writeFileSync(planPath, JSON.stringify(planOf(fetches, answer.text, { template: { variable: 'u', recorded: sample }, signCaller: caller })));
    const traffic = trafficOf(fetches);
    log(`workload B: one request = ${traffic.calls} subgraph calls in ${traffic.stages} stages (${fetches.map((f) => f.subgraph).join(', ')})`);

    const bodies = Array.from({ length: settings.enterprises }, (_, n) => JSON.stringify({ query: DOMAIN_QUERY, variables: { u: benchUscc(n) } }));
    const verify = (text: string) => text.startsWith('{"data":{"enterprise":{"name":') && !text.includes('"errors"');
    const runs: TargetResult[] = [];
    for (const connections of [...new Set([1, settings.connections])]) {
      const live: Live[] = [];
      try {
        for (const target of ['ours', 'floor'] as const) {
          const result: TargetResult = { target, label: LABELS[target], traffic };
          runs.push(result);
          let child: Child<{ url: string }> | undefined;
          try {
            child = target === 'ours'
              ? await startTarget('ours', oursEnv(stack.ready))
              : await startChild<{ url: string }>('floor', 'floor', { NODE_ENV: 'production', FLOOR_PLAN: planPath, IDENTITY_SIGNING_KEYS: DEV_IDENTITY_SIGNING_KEYS });
            const check = await post(child.ready.url, bodies[1 % bodies.length]!, admin);
            if (check.status !== 200 || !verify(check.text)) throw new Error(`wrong answer: ${check.text.slice(0, 300)}`);
            live.push({
              result, child, others: { stack: stack.pid }, slices: [],
              spec: { url: child.ready.url, headers: { ...JSON_HEADERS, ...admin }, bodies, verify, connections, warmupSeconds: settings.warmupSeconds, seconds: settings.seconds },
            });
          } catch (error) {
            result.problem = (error as Error).message;
            log(`workload B: ${target} not measured: ${result.problem}`);
            await child?.stop();
          }
        }
        await interleave(live, settings, 'workload B');
      } finally {
        for (const { child } of live) await child.stop();
      }
    }
    // Optionally, our gateway once more under --cpu-prof (not in the table).
    let profile: string | undefined;
    if (settings.profile.includes('ours')) {
      const profileDir = join(RESULTS, 'profiles');
      mkdirSync(profileDir, { recursive: true });
      log('workload B: profiling our gateway (--cpu-prof)');
      const child = await startTarget('ours', oursEnv(stack.ready), ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-name=ours-workload-b.cpuprofile']);
      let cpuMsPerRequest = NaN;
      try {
        const m = await measure({ url: child.ready.url, headers: { ...JSON_HEADERS, ...admin }, bodies, verify, connections: settings.connections, warmupSeconds: settings.warmupSeconds, seconds: settings.seconds }, child.pid);
        cpuMsPerRequest = m.cpuMsPerRequest;
        log(`workload B: under the profiler: ${m.rps.toFixed(0)} RPS, CPU ${m.cpuMsPerRequest.toFixed(2)} ms/req`);
      } finally {
        await child.stop();
      }
      try {
        profile = topSelfTime(join(profileDir, 'ours-workload-b.cpuprofile'), 10, { lastSeconds: settings.seconds, cpuMsPerRequest });
      } catch (error) {
        profile = `no profile: ${(error as Error).message}`;
      }
      log(`workload B: our gateway's profile (bench/results/profiles/ours-workload-b.cpuprofile):\n${profile}`);
    }
    const p50 = (target: string, connections: number) => runs.find((r) => r.target === target && r.measurement?.connections === connections)?.measurement?.latencyMs.p50;
    const overhead = (connections: number) => {
      const ours = p50('ours', connections);
      const floor = p50('floor', connections);
      return ours !== undefined && floor !== undefined ? ours - floor : undefined;
    };
    return {
      query: DOMAIN_QUERY,
      enterprises: settings.enterprises,
      persons: settings.persons,
      seedSeconds,
      runs,
      profile,
      overheadP50Ms: { oneConnection: overhead(1), loaded: settings.connections > 1 ? overhead(settings.connections) : undefined },
    };
  } finally {
    for (const child of children) await child.stop();
    await recorder?.stop();
    await stack?.stop();
    await database.drop().catch(() => {});
    await embedded?.stop();
    if (pgDir) rmSync(pgDir, { recursive: true, force: true });
  }
}

/* ------------------------------------------------------------------ main */

async function main(): Promise<void> {
  const settings = readSettings();
  const dir = mkdtempSync(join(tmpdir(), 'sw-bench-'));
  mkdirSync(RESULTS, { recursive: true });
  const startedAt = new Date();
  try {
    const a = settings.workloads.has('A') ? await workloadA(settings, dir) : undefined;
    const b = settings.workloads.has('B') ? await workloadB(settings, dir) : undefined;
    const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, platform: `${process.platform} ${process.arch}` };
    const versions = {
      '@apollo/gateway': packageVersion('@apollo/gateway'),
      '@apollo/server': packageVersion('@apollo/server'),
      '@graphql-hive/gateway': packageVersion('@graphql-hive/gateway'),
      autocannon: packageVersion('autocannon'),
    };
    const header = [
      `## Benchmark ${startedAt.toISOString()}`,
      '',
      `${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}; autocannon ${versions.autocannon}, ${settings.connections} connections, ` +
        `${settings.warmupSeconds} s warm-up then ${settings.seconds} s measured per target in ${settings.rounds} turn(s) interleaved with the other targets' ` +
        `(1 s warm-up before later turns), one target loaded at a time, each gateway in its own process. ` +
        `@apollo/gateway ${versions['@apollo/gateway']}, @apollo/server ${versions['@apollo/server']}, @graphql-hive/gateway ${versions['@graphql-hive/gateway']}.`,
    ].join('\n');
    const table = markdown(a, b, header);
    const output = { startedAt: startedAt.toISOString(), machine, versions, settings: { ...settings, workloads: [...settings.workloads], targets: [...settings.targets] }, workloadA: a, workloadB: b };
    writeFileSync(join(RESULTS, `${settings.output}.json`), `${JSON.stringify(output, null, 2)}\n`);
    writeFileSync(join(RESULTS, `${settings.output}.md`), `${table}\n`);
    console.log(`\n${table}\nWritten: bench/results/${settings.output}.json, bench/results/${settings.output}.md`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
