/** What `npm run bench` reads from its environment (all optional). */
export interface BenchSettings {
  /** Seconds measured per gateway (BENCH_SECONDS, 30). */
  seconds: number;
  /** The measured seconds are split into this many turns per target, interleaved with the other targets' (BENCH_ROUNDS, 3). */
  rounds: number;
  /** Seconds of load before measuring, not counted (BENCH_WARMUP_SECONDS, 5). */
  warmupSeconds: number;
  /** Concurrent connections the load generator keeps open (BENCH_CONNECTIONS, 50). */
  connections: number;
  /** Which workloads run: A (federation) and/or B (domain) (BENCH_WORKLOADS, "A,B"). */
  workloads: Set<'A' | 'B'>;
  /** Which targets run in workload A (BENCH_TARGETS, "ours,apollo,hive,floor"). */
  targets: Set<TargetName>;
  /** First of the four fixed loopback ports of workload A's subgraphs (BENCH_SUBGRAPH_PORT, 4201). */
  subgraphPort: number;
  /** Subgraphs answer a request body they have answered before from memory (BENCH_SUBGRAPH_CACHE, 1). */
  subgraphCache: boolean;
  /** Enterprises and persons seeded for workload B (BENCH_ENTERPRISES 300, BENCH_PERSONS 100). */
  enterprises: number;
  persons: number;
  /**
   * Gateways run once more under --cpu-prof, their top self-time functions and time by layer
   * printed (BENCH_PROFILE: 1 for ours, or a list such as "ours,apollo"; workload B profiles ours).
   */
  profile: GatewayTarget[];
  /** Before each measurement, wait up to this many seconds for other work to use less than 0.3 cores (BENCH_QUIET_WAIT_SECONDS, 30). */
  quietWaitSeconds: number;
  /** Name of the result files in bench/results (BENCH_OUTPUT, "latest"). */
  output: string;
  /** Extra environment for our gateway, e.g. BENCH_OURS_ENV="QUERY_MAX_COST=100000". */
  oursEnv: Record<string, string>;
}

export type TargetName = 'ours' | 'apollo' | 'hive' | 'floor' | 'apollo-undici' | 'apollo-http' | 'ours-semispace';
/**
 * The targets of a default run. Experiments, run only when listed: `apollo-undici` and
 * `apollo-http` (stock gateway with another subgraph client), `ours-semispace` (our gateway
 * with a 64 MB young generation: fewer scavenges).
 */
export const TARGETS: readonly TargetName[] = ['ours', 'apollo', 'hive', 'floor'];
const KNOWN: readonly TargetName[] = [...TARGETS, 'apollo-undici', 'apollo-http', 'ours-semispace'];

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}, got "${raw}"`);
  return value;
}

export type GatewayTarget = Exclude<TargetName, 'floor'>;

function profileTargets(raw: string): GatewayTarget[] {
  if (raw === '0' || raw === '') return [];
  if (raw === '1') return ['ours'];
  const targets = list(raw);
  for (const t of targets) if (!KNOWN.includes(t as TargetName) || t === 'floor') throw new Error(`BENCH_PROFILE is 1 or a list of gateways, got "${t}"`);
  return targets as GatewayTarget[];
}

function list(raw: string): string[] {
  return raw.split(',').map((part) => part.trim()).filter(Boolean);
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const workloads = new Set(list(env.BENCH_WORKLOADS ?? 'A,B').map((w) => w.toUpperCase()));
  for (const w of workloads) if (w !== 'A' && w !== 'B') throw new Error(`BENCH_WORKLOADS lists A and/or B, got "${w}"`);
  const targets = new Set(list(env.BENCH_TARGETS ?? TARGETS.join(',')));
  for (const t of targets) if (!KNOWN.includes(t as TargetName)) throw new Error(`BENCH_TARGETS lists ${KNOWN.join(', ')}, got "${t}"`);
  const oursEnv: Record<string, string> = {};
  for (const pair of list(env.BENCH_OURS_ENV ?? '')) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`BENCH_OURS_ENV is NAME=value,NAME=value, got "${pair}"`);
    oursEnv[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return {
    seconds: number(env, 'BENCH_SECONDS', 30, 1),
    warmupSeconds: number(env, 'BENCH_WARMUP_SECONDS', 5, 0),
    rounds: Math.round(number(env, 'BENCH_ROUNDS', 3, 1)),
    connections: Math.round(number(env, 'BENCH_CONNECTIONS', 50, 1)),
    workloads: workloads as Set<'A' | 'B'>,
    targets: targets as Set<TargetName>,
    subgraphPort: Math.round(number(env, 'BENCH_SUBGRAPH_PORT', 4201, 1024)),
    subgraphCache: (env.BENCH_SUBGRAPH_CACHE ?? '1') !== '0',
    enterprises: Math.round(number(env, 'BENCH_ENTERPRISES', 300, 1)),
    persons: Math.round(number(env, 'BENCH_PERSONS', 100, 0)),
    profile: profileTargets(env.BENCH_PROFILE ?? '0'),
    output: /^[\w.-]+$/.test(env.BENCH_OUTPUT ?? '') ? env.BENCH_OUTPUT! : 'latest',
    quietWaitSeconds: number(env, 'BENCH_QUIET_WAIT_SECONDS', 30, 0),
    oursEnv,
  };
}
