import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backup, defaultBackupFile } from './backup';
import { RefusedError, restore } from './restore';
import { databaseName, openTarget, type Target } from './target';

/**
 * `npm run backup [-- --out FILE]` and `npm run restore -- FILE [--force] [--in-place] [--drop-previous]`:
 * pg_dump / pg_restore (custom format, every schema including the bus) of DATABASE_URL, or of
 * the embedded PostgreSQL (the running `npm start`'s, or started for the duration of the run).
 */
const root = join(__dirname, '..', '..', '..');
/** npm runs scripts in the package root; paths the user typed are relative to where they typed them. */
const cwd = process.env.INIT_CWD ?? process.cwd();

const USAGE = [
  'usage: npm run backup [-- --out FILE]',
  '       npm run restore -- FILE [--force] [--in-place] [--drop-previous]',
  '',
  'The database is DATABASE_URL, else the embedded PostgreSQL of a running `npm start`, else the',
  'embedded PostgreSQL under .data/postgres, started for the run. PG_BIN_DIR names the folder of',
  'pg_dump/pg_restore when they are not found by themselves (they must be at least the server\'s major version).',
].join('\n');

const log = (line: string) => console.log(line);

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--help' || argv[0] === '-h') {
    console.log(USAGE);
    return 0;
  }
  const [command, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      force: { type: 'boolean', default: false },
      'in-place': { type: 'boolean', default: false },
      'drop-previous': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (command === 'backup') {
    if (positionals.length > 0) return usage(`unexpected argument ${positionals[0]}`);
    return withTarget(false, async (target) => {
      const out = values.out ? resolve(cwd, values.out) : defaultBackupFile(root, databaseName(target.url));
      await backup({ url: target.url, out, log });
    });
  }
  if (command === 'restore') {
    if (positionals.length !== 1) return usage('name exactly one backup file to restore');
    if (values.out) return usage('--out is for backup');
    const file = resolve(cwd, positionals[0]);
    return withTarget(true, async (target) => {
      await restore({ url: target.url, file, force: values.force, inPlace: values['in-place'], dropPrevious: values['drop-previous'], log });
    });
  }
  return usage(command ? `unknown command ${command}` : 'say backup or restore');
}

async function withTarget(create: boolean, work: (target: Target) => Promise<void>): Promise<number> {
  const target = await openTarget(process.env, { create, log });
  log(`database: ${target.source}`);
  // Ctrl-C must not leave the embedded server this run started behind.
  const interrupted = () => {
    log('interrupted');
    void target.release().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await work(target);
    return 0;
  } finally {
    await target.release();
  }
}

function usage(problem: string): number {
  console.error(`${problem}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error: unknown) => {
  if (error instanceof RefusedError) {
    console.error(`refused: ${error.message}`);
    process.exit(2);
  }
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
