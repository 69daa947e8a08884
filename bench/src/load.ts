import { loadavg } from 'node:os';
import autocannon = require('autocannon');
import { benchCpuMs, cpuMs, machineBusyMs, memoryMb } from './proc';

export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  /** The request bodies; each connection takes them in turn. */
  bodies: string[];
  /** True when an answer is right (its status aside). */
  verify: (body: string) => boolean;
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export interface Measurement {
  seconds: number;
  connections: number;
  /** Requests answered 2xx with the right answer during the measured seconds. */
  requests: number;
  rps: number;
  latencyMs: { p50: number; p95: number; p99: number; mean: number; max: number };
  /** Failed requests: connection errors, timeouts, non-2xx answers and wrong answers (GraphQL errors or other data). */
  errors: number;
  errorKinds: { connection: number; timeouts: number; non2xx: number; wrongAnswer: number };
  /** The gateway process's peak resident set (VmHWM, since it started), in MB. */
  peakRssMb: number;
  /** Gateway process CPU time (user + system) during the measured seconds divided by the answers in them. */
  cpuMsPerRequest: number;
  /** The same for the other processes watched (e.g. the subgraphs). */
  otherCpuMsPerRequest: Record<string, number>;
  /** The machine's 1-minute load average when the measurement started and ended. */
  loadAverage: [number, number];
  /**
   * CPU cores busy with work other than the bench's own processes (the load generator and
   * everything it started: gateway, subgraphs, an embedded PostgreSQL) during the measurement.
   */
  foreignCores: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The raw counts of one measured window, to be summarised alone or together with other windows. */
export interface Slice {
  elapsedMs: number;
  connections: number;
  latencies: Float64Array;
  /** 2xx answers that were right. */
  served: number;
  kinds: Measurement['errorKinds'];
  cpuMs: number;
  otherCpuMs: Record<string, number>;
  foreignMs: number;
  loadAverage: [number, number];
  peakRssMb: number;
}

/**
 * One continuous autocannon run: `warmupSeconds` of load that is not counted, then
 * `seconds` measured. The gateway process's CPU time (from /proc) is read at the start and
 * the end of the measured window; the peak RSS is the process's VmHWM at the end. Latencies
 * are those of answers received in the window.
 */
export function measureSlice(spec: LoadSpec, pid: number, others: Record<string, number> = {}): Promise<Slice> {
  const url = new URL(spec.url);
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let measuring = false;
  const kinds = { connection: 0, timeouts: 0, non2xx: 0, wrongAnswer: 0 };
  let cpu0 = 0;
  let others0: Record<string, number> = {};
  let t0 = 0;
  let load0 = 0;
  let machine0 = 0;
  let bench0 = 0;
  return new Promise((resolve, reject) => {
    let finished: Slice | undefined;
    const instance = autocannon({
      url: url.origin,
      connections: spec.connections,
      duration: spec.warmupSeconds + spec.seconds + 5,
      timeout: 10,
      requests: spec.bodies.map((body) => ({ method: 'POST', path: url.pathname, headers: spec.headers, body })),
      verifyBody: spec.verify,
    }, (error) => {
      if (error) reject(error);
      else if (finished) resolve(finished);
      else reject(new Error('the load run ended before the measurement did'));
    });
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (!measuring) return;
      if (status < 200 || status >= 300) {
        kinds.non2xx++;
        return;
      }
      if (count === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[count++] = ms;
    });
    instance.on('reqMismatch', () => {
      if (measuring) kinds.wrongAnswer++;
    });
    instance.on('reqError', (error: Error) => {
      if (!measuring) return;
      if (error.message === 'request timed out') kinds.timeouts++;
      else kinds.connection++;
    });
    setTimeout(() => {
      cpu0 = cpuMs(pid);
      others0 = Object.fromEntries(Object.entries(others).map(([name, other]) => [name, cpuMs(other)]));
      load0 = loadavg()[0]!;
      machine0 = machineBusyMs();
      bench0 = benchCpuMs();
      t0 = performance.now();
      measuring = true;
      setTimeout(() => {
        measuring = false;
        const elapsedMs = performance.now() - t0;
        // verifyBody also sees non-2xx answers; a wrong answer with a 2xx status was also counted as a response.
        const wrong2xx = Math.min(Math.max(0, kinds.wrongAnswer - kinds.non2xx), count);
        finished = {
          elapsedMs,
          connections: spec.connections,
          latencies: latencies.slice(0, count),
          served: count - wrong2xx,
          kinds: { ...kinds, wrongAnswer: wrong2xx },
          cpuMs: cpuMs(pid) - cpu0,
          otherCpuMs: Object.fromEntries(Object.entries(others).map(([name, other]) => [name, cpuMs(other) - others0[name]!])),
          foreignMs: Math.max(0, machineBusyMs() - machine0 - (benchCpuMs() - bench0)),
          loadAverage: [load0, loadavg()[0]!],
          peakRssMb: memoryMb(pid).peak,
        };
        instance.stop();
      }, spec.seconds * 1000);
    }, spec.warmupSeconds * 1000);
  });
}

/** Sums windows of the same target (e.g. rounds interleaved with other targets) into one measurement. */
export function summarise(slices: Slice[]): Measurement {
  const elapsedMs = slices.reduce((sum, slice) => sum + slice.elapsedMs, 0);
  const all = new Float64Array(slices.reduce((sum, slice) => sum + slice.latencies.length, 0));
  let at = 0;
  for (const slice of slices) {
    all.set(slice.latencies, at);
    at += slice.latencies.length;
  }
  const sorted = all.sort();
  const count = sorted.length;
  let sum = 0;
  for (const ms of sorted) sum += ms;
  const served = slices.reduce((total, slice) => total + slice.served, 0);
  const kinds = { connection: 0, timeouts: 0, non2xx: 0, wrongAnswer: 0 };
  for (const slice of slices) for (const key of Object.keys(kinds) as (keyof typeof kinds)[]) kinds[key] += slice.kinds[key];
  const cpu = slices.reduce((total, slice) => total + slice.cpuMs, 0);
  const otherNames = Object.keys(slices[0]?.otherCpuMs ?? {});
  return {
    seconds: Number((elapsedMs / 1000).toFixed(2)),
    connections: slices[0]?.connections ?? 0,
    requests: served,
    rps: served / (elapsedMs / 1000),
    latencyMs: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), mean: count ? sum / count : NaN, max: count ? sorted[count - 1]! : NaN },
    errors: kinds.connection + kinds.timeouts + kinds.non2xx + kinds.wrongAnswer,
    errorKinds: kinds,
    peakRssMb: Math.max(...slices.map((slice) => slice.peakRssMb)),
    cpuMsPerRequest: count ? cpu / count : NaN,
    otherCpuMsPerRequest: Object.fromEntries(otherNames.map((name) => [name, count ? slices.reduce((total, slice) => total + slice.otherCpuMs[name]!, 0) / count : NaN])),
    loadAverage: [slices[0]?.loadAverage[0] ?? NaN, slices[slices.length - 1]?.loadAverage[1] ?? NaN],
    foreignCores: Number((slices.reduce((total, slice) => total + slice.foreignMs, 0) / elapsedMs).toFixed(2)),
  };
}

/** One measured window, summarised. */
export async function measure(spec: LoadSpec, pid: number, others: Record<string, number> = {}): Promise<Measurement> {
  return summarise([await measureSlice(spec, pid, others)]);
}
