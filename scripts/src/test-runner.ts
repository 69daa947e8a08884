import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@sw/kernel';

/**
 * Runs every compiled test file with node's test runner against real PostgreSQL:
 * DATABASE_URL when set, else an embedded server started for this run and removed after it.
 */
const root = join(__dirname, '..', '..');
const PACKAGES = ['kernel', 'migrations', 'subgraphs', 'gateway', 'scripts', 'e2e', 'tools'];

function testFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...testFiles(path));
    else if (entry.endsWith('.test.js') && path.split('/').includes('dist')) found.push(path);
  }
  return found;
}

async function main(): Promise<number> {
  const filter = process.argv.slice(2);
  const files = PACKAGES.flatMap((name) => testFiles(join(root, name)))
    .map((file) => relative(root, file))
    .filter((file) => filter.length === 0 || filter.some((part) => file.includes(part)))
    .sort();
  if (files.length === 0) {
    console.error('no test files matched');
    return 1;
  }
  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test' };
  if (!env.DATABASE_URL) {
    dataDir = mkdtempSync(join(tmpdir(), 'sw-test-pg-'));
    console.log(`starting embedded PostgreSQL for the tests in ${dataDir}`);
    embedded = await startEmbeddedPostgres(dataDir);
    env.DATABASE_URL = embedded.url;
  } else {
    console.log(`using DATABASE_URL ${new URL(env.DATABASE_URL).host}`);
  }
  try {
    return await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=120000', ...files], { cwd: root, env, stdio: 'inherit' });
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (error) => {
  console.error(error);
  process.exit(1);
});
