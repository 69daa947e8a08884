#!/usr/bin/env node
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runImport } from './importer';
import { Progress, silentProgress } from './progress';
import { exitCodeOf, formatSummary } from './summary';

export const USAGE = `Usage: npm run import -- [options] <files or folders…>

Imports customs CBEC XML messages into the Single Window through the gateway API:
CEB311Message (order), CEB411Message (payment), CEB511Message (waybill) and
CEB621Message (inventory list) in the http://www.chinaport.gov.cn/ceb namespace.
Folders are searched for *.xml files. Documents are submitted per order number in
the order order → payment → waybill → inventory list.

Options:
  --gateway URL       gateway GraphQL endpoint (default http://localhost:4000/graphql)
  --key KEY           API key (default: the SINGLE_WINDOW_API_KEY environment variable,
                      which keeps the key out of the process list)
  --report FILE       JSON-lines report of every document (default ceb-import-report.jsonl)
  --resume            skip documents the report shows as accepted with the same content,
                      and append to the report instead of starting it afresh
  --concurrency N     requests in flight at once (default 4)
  --quiet             no progress output
  -h, --help          this text

Exit status: 0 every document accepted (or skipped), 1 a file, message or document
was rejected, 2 the run could not start or was stopped (bad arguments, no key,
key refused, gateway unreachable).
`;

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
  fetch?: typeof fetch;
  /** Retry delay for tests. */
  retryDelayMs?: number;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        gateway: { type: 'string' },
        key: { type: 'string' },
        report: { type: 'string' },
        resume: { type: 'boolean', default: false },
        concurrency: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.stderr.write(`ceb-import: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const key = values.key ?? io.env.SINGLE_WINDOW_API_KEY;
  if (!key) {
    io.stderr.write(
      'ceb-import: no API key. Pass --key KEY or set SINGLE_WINDOW_API_KEY (an API key with declarations:write, ' +
        'issued with issueApiKey, or the ADMIN_API_KEY of a development gateway).\n',
    );
    return 2;
  }
  if (positionals.length === 0) {
    io.stderr.write(`ceb-import: name the XML files or folders to import.\n\n${USAGE}`);
    return 2;
  }
  const gateway = values.gateway ?? 'http://localhost:4000/graphql';
  try {
    const url = new URL(gateway);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    io.stderr.write(`ceb-import: --gateway must be an http(s) URL such as http://localhost:4000/graphql, got '${gateway}'\n`);
    return 2;
  }
  const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    io.stderr.write(`ceb-import: --concurrency must be a whole number from 1 to 64, got '${values.concurrency}'\n`);
    return 2;
  }
  const paths = positionals.map((given) => path.resolve(io.cwd, given));
  const reportPath = path.resolve(io.cwd, values.report ?? 'ceb-import-report.jsonl');
  try {
    const result = await runImport({
      gateway, key, paths, reportPath, resume: values.resume, concurrency, cwd: io.cwd, env: io.env, fetch: io.fetch,
      retryDelayMs: io.retryDelayMs, progress: values.quiet ? silentProgress : new Progress(io.stderr),
    });
    io.stdout.write(formatSummary({ ...result, reportPath: path.relative(io.cwd, reportPath) || reportPath }));
    return exitCodeOf(result);
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    io.stderr.write(`ceb-import: ${err.code === 'ENOENT' && err.path ? `no such file or folder: ${err.path}` : err.message}\n`);
    return 2;
  }
}

if (require.main === module) {
  // `npm run import` runs in the repository root; INIT_CWD is where the command was typed, which relative paths mean.
  const cwd = process.env.INIT_CWD || process.cwd();
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd }).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
