import type { Measurement } from './load';

export interface SubgraphTraffic {
  /** Subgraph HTTP requests for one client request. */
  calls: number;
  /** Stages of calls one after another (the plan's depth). */
  stages: number;
  bytesSent: number;
  representations: number;
  uniqueRepresentations: number;
}

export interface TargetResult {
  target: string;
  label: string;
  version?: string;
  measurement?: Measurement;
  traffic?: SubgraphTraffic;
  /** Why it was not measured, or what was wrong with its answer. */
  problem?: string;
}

export interface Ratio { rps: number; cpuMsPerRequest: number; p50: number; peakRss: number }

export interface WorkloadAResult {
  query: string;
  responseBytes: number;
  subgraphCache: boolean;
  targets: TargetResult[];
  /** Our gateway's top self-time functions and time by layer, when BENCH_PROFILE=1. */
  profile?: string;
  ratios: { oursVsApollo?: Ratio; oursVsHive?: Ratio };
}

export interface WorkloadBResult {
  query: string;
  enterprises: number;
  persons: number;
  seedSeconds: number;
  runs: TargetResult[];
  /** Our gateway's top self-time functions and time by layer, when BENCH_PROFILE=1. */
  profile?: string;
  /** Our p50 minus the floor's at one connection (latency with no queueing), and at the full connection count. */
  overheadP50Ms: { oneConnection?: number; loaded?: number };
}

const fixed = (value: number | undefined, digits = 1) => (value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));

export function ratio(ours: Measurement | undefined, other: Measurement | undefined): Ratio | undefined {
  if (!ours || !other) return undefined;
  return {
    rps: ours.rps / other.rps,
    cpuMsPerRequest: ours.cpuMsPerRequest / other.cpuMsPerRequest,
    p50: ours.latencyMs.p50 / other.latencyMs.p50,
    peakRss: ours.peakRssMb / other.peakRssMb,
  };
}

function loadLine(results: TargetResult[]): string {
  const parts = results.filter((result) => result.measurement).map((result) => {
    const m = result.measurement!;
    return `${result.target}${m.connections === 1 ? '@1' : ''} ${m.foreignCores.toFixed(2)} (load average ${m.loadAverage[0].toFixed(1)})`;
  });
  return `Other work on the machine during each measurement, in CPU cores of the 2 (not the bench's processes): ${parts.join(', ')}. Above ~0.2 the figures are disturbed.`;
}

function row(result: TargetResult, extra: string[] = []): string {
  const m = result.measurement;
  if (!m) return `| ${result.label} | ${extra.map(() => '').join(' | ')}${extra.length ? ' | ' : ''}not measured: ${result.problem ?? '?'} | | | | | | | |`;
  const others = Object.values(m.otherCpuMsPerRequest);
  return `| ${result.label} | ${extra.join(' | ')}${extra.length ? ' | ' : ''}${fixed(m.rps, 0)} | ${fixed(m.latencyMs.p50)} | ${fixed(m.latencyMs.p95)} | ${fixed(m.latencyMs.p99)} | ${m.errors} | ${fixed(m.peakRssMb, 0)} | ${fixed(m.cpuMsPerRequest, 2)} | ${others.length ? fixed(others[0], 2) : '–'} |`;
}

export function markdown(a: WorkloadAResult | undefined, b: WorkloadBResult | undefined, header: string): string {
  const lines = [header, ''];
  if (a) {
    lines.push(
      `### Workload A: federation benchmark shape (4 subgraphs, ${(a.responseBytes / 1024).toFixed(1)} KB answer)`, '',
      '| gateway | RPS | p50 ms | p95 ms | p99 ms | errors | peak RSS MB | gateway CPU ms/req | subgraphs CPU ms/req |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...a.targets.map((result) => row(result)),
      '',
      '| gateway | subgraph calls/req | stages | bytes sent to subgraphs | entity representations (distinct) |',
      '|---|---:|---:|---:|---:|',
      ...a.targets.filter((result) => result.traffic).map((result) => {
        const t = result.traffic!;
        return `| ${result.label} | ${t.calls} | ${t.stages} | ${t.bytesSent} | ${t.representations} (${t.uniqueRepresentations}) |`;
      }),
      '',
    );
    const r = (name: string, value: Ratio | undefined) => value
      ? `- ours / ${name}: RPS ×${value.rps.toFixed(2)}, CPU per request ×${value.cpuMsPerRequest.toFixed(2)}, p50 ×${value.p50.toFixed(2)}, peak RSS ×${value.peakRss.toFixed(2)}`
      : `- ours / ${name}: –`;
    lines.push(r('stock Apollo Gateway', a.ratios.oursVsApollo), r('Hive Gateway', a.ratios.oursVsHive), '', loadLine(a.targets), '');
    for (const result of a.targets) if (result.problem && result.measurement) lines.push(`- ${result.label}: ${result.problem}`);
  }
  if (b) {
    lines.push(
      `### Workload B: our domain query on seeded data (${b.enterprises} enterprises, ${b.persons} persons)`, '',
      '| target | connections | RPS | p50 ms | p95 ms | p99 ms | errors | peak RSS MB | gateway CPU ms/req | subgraphs CPU ms/req |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...b.runs.map((result) => row(result, [String(result.measurement?.connections ?? '')])),
      '',
      `Gateway overhead over the floor at p50: ${fixed(b.overheadP50Ms.oneConnection, 2)} ms at 1 connection, ${fixed(b.overheadP50Ms.loaded, 2)} ms loaded.`,
      '',
      loadLine(b.runs),
      '',
    );
  }
  return lines.join('\n');
}
