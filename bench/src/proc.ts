import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticks: number | undefined;

/** Clock ticks per second of /proc/<pid>/stat's CPU times (getconf CLK_TCK, nearly always 100). */
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** CPU time (user + system) a process has used so far, in milliseconds; its own threads included. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / clockTicks();
}

/** Resident set size now and at its peak (VmRSS, VmHWM), in MB. */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** CPU time the whole machine has spent busy so far (all cores, /proc/stat), in milliseconds. */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user! + nice! + system! + irq! + softirq! + steal!) * 1000) / clockTicks();
}

/**
 * CPU time so far of this process and every process it started, directly or not (gateways,
 * subgraphs, an embedded PostgreSQL and its backends), in milliseconds.
 */
export function benchCpuMs(): number {
  const parentOf = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(fields[1]));
      cpu.set(Number(entry), ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks());
    } catch {
      // the process ended meanwhile
    }
  }
  let total = 0;
  for (const [pid, ms] of cpu) {
    for (let at: number | undefined = pid; at !== undefined && at > 1; at = parentOf.get(at)) {
      if (at === process.pid) {
        total += ms;
        break;
      }
    }
  }
  return total;
}

/**
 * Waits (up to `maxSeconds`) until work other than the bench's own processes uses less than
 * `maxCores` of CPU, measured over 2-second windows. Returns the last reading.
 */
export async function waitForQuiet(maxCores: number, maxSeconds: number, log: (message: string) => void): Promise<number> {
  const deadline = Date.now() + maxSeconds * 1000;
  let warned = false;
  for (;;) {
    const busy0 = machineBusyMs();
    const bench0 = benchCpuMs();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const cores = Math.max(0, machineBusyMs() - busy0 - (benchCpuMs() - bench0)) / 2000;
    if (cores < maxCores || Date.now() >= deadline) {
      if (cores >= maxCores) log(`other work keeps ${cores.toFixed(2)} cores busy; measuring anyway`);
      return cores;
    }
    if (!warned) log(`other work keeps ${cores.toFixed(2)} cores busy; waiting up to ${maxSeconds} s for it to calm down`);
    warned = true;
  }
}
