import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { findBreakingChanges } from 'graphql';
import { apiSchemaOf } from './compose';
import { REPO_ROOT, SUPERGRAPH_FILE } from './generate';

/**
 * What a client of `previous` would find broken in `current`, comparing the API schemas
 * of two supergraph SDLs (join and link machinery is not part of the contract).
 */
export function breakingChanges(previousSupergraphSdl: string, currentSupergraphSdl: string): string[] {
  return findBreakingChanges(apiSchemaOf(previousSupergraphSdl), apiSchemaOf(currentSupergraphSdl))
    .map((change) => `${change.type}: ${change.description}`);
}

/** The supergraph as committed in HEAD, or undefined when there is no commit or it has no such file. */
function committedSupergraph(): string | undefined {
  const spec = `HEAD:./${relative(REPO_ROOT, SUPERGRAPH_FILE)}`;
  try {
    execFileSync('git', ['cat-file', '-e', spec], { cwd: REPO_ROOT, stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return execFileSync('git', ['show', spec], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function main(): number {
  const file = relative(REPO_ROOT, SUPERGRAPH_FILE);
  if (!existsSync(SUPERGRAPH_FILE)) {
    console.error(`${file} is missing; run \`npm run schema\``);
    return 1;
  }
  const previous = committedSupergraph();
  if (previous === undefined) {
    console.log(`no previous schema: ${file} is not in HEAD, so nothing can break`);
    return 0;
  }
  const changes = breakingChanges(previous, readFileSync(SUPERGRAPH_FILE, 'utf8'));
  if (changes.length === 0) {
    console.log(`no breaking changes in ${file} since HEAD`);
    return 0;
  }
  for (const change of changes) console.error(`breaking: ${change}`);
  console.error(`${changes.length} breaking change(s) in ${file} since HEAD: partners would see these break`);
  return 1;
}

if (require.main === module) process.exit(main());
