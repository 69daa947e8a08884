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

/**
 * One continuous autocannon run: `warmupSeconds` of load that is not counted, then
 * `seconds` measured. The gateway process's CPU time (from /proc) is read at the start and
 * the end of the measured window and divided by the answers received in it; the peak RSS is
 * the process's VmHWM at the end. Latencies are those of answers received in the window.
 */
export function measure(spec: LoadSpec, pid: number, others: Record<string, number> = {}): Promise<Measurement> {
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
    let finished: Measurement | undefined;
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
        const elapsed = (performance.now() - t0) / 1000;
        const cpu = cpuMs(pid) - cpu0;
        const otherCpu = Object.fromEntries(Object.entries(others).map(([name, other]) => [name, cpuMs(other) - others0[name]!]));
        const foreign = Math.max(0, machineBusyMs() - machine0 - (benchCpuMs() - bench0)) / (elapsed * 1000);
        const sorted = latencies.slice(0, count).sort();
        // verifyBody also sees non-2xx answers; a wrong answer with a 2xx status was also counted as a response.
        const wrong2xx = Math.min(Math.max(0, kinds.wrongAnswer - kinds.non2xx), count);
        const served = count - wrong2xx;
        let sum = 0;
        for (const ms of sorted) sum += ms;
        finished = {
          seconds: Number(elapsed.toFixed(2)),
          connections: spec.connections,
          requests: served,
          rps: served / elapsed,
          latencyMs: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), mean: count ? sum / count : NaN, max: count ? sorted[count - 1]! : NaN },
          errors: kinds.connection + kinds.timeouts + kinds.non2xx + wrong2xx,
          errorKinds: { ...kinds },
          peakRssMb: memoryMb(pid).peak,
          cpuMsPerRequest: count ? cpu / count : NaN,
          otherCpuMsPerRequest: Object.fromEntries(Object.entries(otherCpu).map(([name, ms]) => [name, count ? ms / count : NaN])),
          loadAverage: [load0, loadavg()[0]!],
          foreignCores: Number(foreign.toFixed(2)),
        };
        instance.stop();
      }, spec.seconds * 1000);
    }, spec.warmupSeconds * 1000);
  });
}
