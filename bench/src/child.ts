import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** A bench process (gateway, subgraphs, floor) started with an IPC channel; it reports `{ ready: … }` once it listens. */
export interface Child<T> {
  name: string;
  process: ChildProcess;
  pid: number;
  ready: T;
  stop(): Promise<void>;
}

/**
 * Forks `dist/<script>.js` with `env` (nothing inherited but PATH/HOME and what is given) and
 * waits for its ready message. stop() sends SIGTERM, so the child can end cleanly (a CPU
 * profile is written only then), and SIGKILL after `graceMs`.
 */
export async function startChild<T>(name: string, script: string, env: Record<string, string>, options: { execArgv?: string[]; timeoutMs?: number; graceMs?: number; argv?: string[] } = {}): Promise<Child<T>> {
  const child = fork(join(__dirname, `${script}.js`), options.argv ?? [], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${options.timeoutMs ?? 60_000} ms`)), options.timeoutMs ?? 60_000);
    child.on('message', (message: { ready?: T; error?: string }) => {
      if (message.error) {
        clearTimeout(timer);
        reject(new Error(`${name}: ${message.error}`));
      } else if (message.ready !== undefined) {
        clearTimeout(timer);
        resolve(message.ready);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready (code ${code}, signal ${signal})`));
    });
  }).catch(async (error) => {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw error;
  });
  return {
    name,
    process: child,
    pid: child.pid!,
    ready,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), options.graceMs ?? 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** In a child: report readiness (or a start failure) to the bench, and end on SIGTERM or when the bench is gone. */
export function serveChild<T>(start: () => Promise<{ ready: T; stop: () => Promise<void> }>): void {
  let stopping: Promise<void> | undefined;
  start().then(({ ready, stop }) => {
    const end = () => {
      // A stop that hangs (a server draining connections) must not keep the process: exit after 5 s anyway.
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
      stopping ??= Promise.race([stop().catch(() => {}), deadline]).finally(() => process.exit(0));
    };
    process.on('SIGTERM', end);
    process.on('SIGINT', end);
    process.on('disconnect', end);
    process.send!({ ready });
  }, (error: unknown) => {
    process.send!({ error: error instanceof Error ? error.stack ?? error.message : String(error) }, () => process.exit(1));
  });
}
