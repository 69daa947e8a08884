import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** Where a frame's code lives, shortened: the package (or our workspace folder) and file. */
function place(url: string): string {
  if (!url) return '(native)';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) return path.slice(modules + 'node_modules/'.length);
  const main = path.indexOf('/work/main/');
  return main >= 0 ? path.slice(main + '/work/main/'.length) : path;
}

/**
 * Where the time goes, by layer: a sample is charged to the code that was running, or, when
 * that is native or Node's own (socket writes, JSON, crypto, buffers), to the nearest package
 * or workspace code that called it.
 */
const ours = (url: string, folder: string) => !url.includes('node_modules') && url.includes(`/${folder}/dist/`);
const GROUPS: [string, (frame: { functionName: string; url: string }) => boolean][] = [
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  ['our identity signing (x-sw-identity HMAC)', (f) => ours(f.url, 'gateway') && f.url.includes('/data-source') || ours(f.url, 'kernel') && f.url.includes('/identity')],
  ['our auth guard (gateway/dist/auth)', (f) => ours(f.url, 'gateway') && f.url.includes('/auth/')],
  ['our query limits: tokens, shape, cost (gateway/dist/limits)', (f) => ours(f.url, 'gateway') && /\/limits\/(query-limits|tokens|shape|cost|refusal)/.test(f.url)],
  ['our other limits: body size, rate limit, introspection (gateway/dist/limits)', (f) => ours(f.url, 'gateway') && f.url.includes('/limits/')],
  ['graphql-query-complexity (cost)', (f) => /graphql-query-complexity/.test(f.url)],
  ['graphql-armor (depth, aliases, directives)', (f) => /@escape\.tech\/graphql-armor/.test(f.url)],
  ['our other gateway code (context, errors, mutation guard)', (f) => ours(f.url, 'gateway')],
  ['HTTP client to subgraphs (make-fetch-happen, minipass-fetch, agent-base, @npmcli/agent, node-fetch)', (f) => /node_modules\/(make-fetch-happen|minipass[^/]*|agent-base|@npmcli\/agent|node-fetch|http-cache-semantics|cacache|ssri|lru-cache)\//.test(f.url)],
  ['@apollo/gateway result shaping', (f) => /@apollo\/gateway\/dist\/resultShaping/.test(f.url)],
  ['@apollo/gateway data sources', (f) => /@apollo\/gateway\/dist\/datasources\//.test(f.url)],
  ['@apollo/gateway plan execution and merging', (f) => /@apollo\/gateway\/dist\//.test(f.url)],
  ['@apollo/federation-internals, query planner', (f) => /@apollo\/(federation-internals|query-planner|query-graphs)\//.test(f.url)],
  ['@apollo/server request pipeline', (f) => /@apollo\/server\//.test(f.url)],
  ['graphql-js', (f) => /node_modules\/graphql\//.test(f.url)],
  ['express, cors, body-parser', (f) => /node_modules\/(express|body-parser|raw-body|router|cors|send|finalhandler|iconv-lite|type-is|content-type|qs)\//.test(f.url)],
  ['module loading at start-up', (f) => /^(wrapSafe|compileFunction|Module\._load|Module\._compile)$/.test(f.functionName)],
];

/** Native frames and Node's own modules are charged to their caller. */
const chargedToCaller = (frame: { functionName: string; url: string }) => !frame.url || frame.url.startsWith('node:');

/**
 * The top functions of a V8 CPU profile by self time, and the time per layer of code.
 */
export function topSelfTime(path: string, limit = 10, window?: { lastSeconds: number; cpuMsPerRequest: number }): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  // Only the last `lastSeconds` (the measured window, not start-up and warm-up) when asked.
  const from = window ? profile.endTime - window.lastSeconds * 1e6 : -Infinity;
  let clock = profile.startTime;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  const groupOf = new Map<number, string>();
  const groupFor = (id: number): string => {
    const known = groupOf.get(id);
    if (known !== undefined) return known;
    let found = 'Node internals with no JS caller (socket reads and writes, timers)';
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const group = GROUPS.find(([, matches]) => matches(frame));
      if (group) {
        found = group[0];
        break;
      }
      if (!chargedToCaller(frame)) {
        found = `other: ${place(frame.url).split('/').slice(0, frame.url.includes('node_modules/@') ? 2 : 1).join('/')}`;
        break;
      }
    }
    groupOf.set(id, found);
    return found;
  };
  let total = 0;
  let idle = 0;
  const groups = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    clock += delta;
    if (clock < from) return;
    total += delta;
    self.set(id, (self.get(id) ?? 0) + delta);
    const name = byId.get(id)?.callFrame.functionName;
    if (name === '(idle)' || name === '(program)') {
      if (name === '(idle)') idle += delta;
      return;
    }
    const group = groupFor(id);
    groups.set(group, (groups.get(group) ?? 0) + delta);
  });
  const byFunction = new Map<string, number>();
  for (const [id, time] of self) {
    const frame = byId.get(id)!.callFrame;
    const key = `${frame.functionName || '(anonymous)'}  ${place(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + time);
  }
  const busy = total - idle;
  // The profiler counts wall time while the thread runs JS (descheduled time included), so a
  // layer's share is applied to the CPU time per request measured from /proc.
  const perRequest = (time: number) => (window ? `${((time / busy) * window.cpuMsPerRequest).toFixed(3).padStart(7)} ms/req  ` : '');
  const pct = (time: number) => `${((100 * time) / busy).toFixed(1).padStart(5)}%  ${perRequest(time)}`;
  const span = window
    ? `the last ${window.lastSeconds} s of ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s; ms/req = share × ${window.cpuMsPerRequest.toFixed(2)} ms CPU per request measured`
    : `${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s`;
  const lines = [`profile: ${span}, busy ${(busy / 1e6).toFixed(1)} s (percentages of busy time)`, 'top self time:'];
  for (const [key, time] of [...byFunction].filter(([key]) => !key.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    lines.push(`  ${pct(time)}${key}`);
  }
  lines.push('time by layer (native and node: frames charged to their caller):');
  for (const [group, time] of [...groups].sort((a, b) => b[1] - a[1])) if (time / busy >= 0.002) lines.push(`  ${pct(time)}  ${group}`);
  return lines.join('\n');
}

if (require.main === module) {
  const [file, limit] = process.argv.slice(2);
  const [lastSeconds, cpuMsPerRequest] = process.argv.slice(4).map(Number);
  if (!file) {
    console.error('usage: node bench/dist/profile.js <file.cpuprofile> [top N] [last seconds] [CPU ms per request]');
    process.exit(1);
  }
  console.log(topSelfTime(file, Number(limit ?? 10), lastSeconds && cpuMsPerRequest ? { lastSeconds, cpuMsPerRequest } : undefined));
}
