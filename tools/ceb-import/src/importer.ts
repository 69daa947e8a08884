import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { GatewayClient, type SubmitError } from './client';
import { loadCodeTables, type CodeTables } from './codes';
import {
  BY_KIND, convertDocument, DEPENDS_ON, elementOfField, KINDS, type DocumentKind, type MessageSpec, type Problem,
} from './messages';
import { readCebFile, XmlFileError, type DocumentRead, type MessageRead } from './parser';
import { silentProgress, type ProgressSink } from './progress';
import { acceptedInReport, ReportWriter, type DocumentRecord, type ReportError } from './report';

/*
 * The import run:
 *   1. scan: every file is streamed once without submitting anything: a file that is not well-formed XML,
 *      or a message without its BaseTransfer, is refused whole before any of it reaches the gateway, and
 *      the documents are counted for the progress bar;
 *   2. four stages, order → payment → waybill → inventory: each streams the files again, reading only
 *      that stage's documents, converts and checks each one locally and submits it with at most
 *      `concurrency` requests in flight. A stage ends when all its requests have answered, so for every
 *      order number the order is in before its payment and waybill, and those before the inventory list.
 *      A document whose order (or, for an inventory list, payment or waybill) was rejected in this run is
 *      not submitted: it could only fail or be mismatched.
 * Memory stays bounded by one read chunk, the requests in flight and the set of rejected order numbers.
 */

export interface ImportOptions {
  gateway: string;
  key: string;
  /** Files and folders (folders are searched for *.xml, recursively). */
  paths: string[];
  reportPath: string;
  resume: boolean;
  concurrency?: number;
  progress?: ProgressSink;
  fetch?: typeof fetch;
  retries?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
  /** Paths in the report and summary are relative to this folder. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface Rejection {
  file: string;
  /** e.g. `CEB311Message Order #2 (line 14) order:4101960001/SW…`; absent when the file was refused whole. */
  document?: string;
  code: string;
  reason: string;
  field?: string;
  element?: string;
}

export interface ImportResult {
  files: number;
  documents: number;
  accepted: number;
  /** Documents refused, locally or by the gateway. */
  rejected: number;
  skipped: number;
  /** Files and messages refused whole without a document to count (not well-formed XML, an unsupported message). */
  refused: number;
  /** Refusals, files and messages first; at most MAX_LISTED (the report has them all). */
  rejections: Rejection[];
  /** Refusals not in `rejections` because the list was full. */
  unlisted: number;
  /** Why the run stopped early (the key was refused, the gateway could not be reached). */
  fatal?: string;
  reportPath: string;
}

const MAX_LISTED = 500;

/** Expands folders into their *.xml files (sorted, recursively); a named file is taken whatever its name. */
export function expandPaths(paths: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && /\.xml$/i.test(entry.name)) files.push(full);
    }
  };
  for (const given of paths) {
    const stat = statSync(given); // throws ENOENT for a path that does not exist
    if (stat.isDirectory()) walk(given);
    else files.push(given);
  }
  return [...new Set(files.map((file) => path.resolve(file)))];
}

/** SHA-256 of the input as submitted. */
export function digestOf(input: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

interface FileScan {
  file: string;
  shown: string;
  counts: Record<DocumentKind, number>;
  /** Message ordinal → why the message is refused. */
  refusedMessages: Map<number, string>;
}

/** Runs tasks with at most `limit` at a time: `run()` waits for a free slot, then starts the task without awaiting it. */
class Pool {
  private running = 0;
  private waiters: (() => void)[] = [];
  private idle: (() => void)[] = [];
  private error: unknown;

  constructor(private readonly limit: number) {}

  async run(task: () => Promise<void>): Promise<void> {
    while (this.running >= this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.running += 1;
    void task().catch((error: unknown) => {
      this.error ??= error;
    }).finally(() => {
      this.running -= 1;
      this.waiters.shift()?.();
      if (this.running === 0) this.idle.splice(0).forEach((resolve) => resolve());
    });
  }

  /** Waits for every task; rethrows the first failure of one (a report that cannot be written). */
  async drain(): Promise<void> {
    if (this.running > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    if (this.error !== undefined) throw this.error;
  }
}

export async function runImport(options: ImportOptions): Promise<ImportResult> {
  const files = expandPaths(options.paths);
  const tables = loadCodeTables(options.env ?? process.env);
  const accepted = options.resume ? await acceptedInReport(options.reportPath) : new Set<string>();
  const report = await ReportWriter.open(options.reportPath, options.resume);
  const run = new ImportRun(options, tables, accepted, report);
  try {
    await run.execute(files);
  } finally {
    await run.finish();
  }
  return run.result;
}

/** One run's state: the counts, the report, the requests in flight and the orders rejected so far. */
class ImportRun {
  readonly result: ImportResult;
  private readonly cwd: string;
  private readonly progress: ProgressSink;
  private readonly client: GatewayClient;
  private readonly pool: Pool;
  /** orderNo → kinds rejected for it in this run, with the document's id. */
  private readonly failed = new Map<string, Map<DocumentKind, string>>();

  constructor(
    private readonly options: ImportOptions,
    private readonly tables: CodeTables,
    private readonly accepted: Set<string>,
    private readonly report: ReportWriter,
  ) {
    this.cwd = options.cwd ?? process.cwd();
    this.progress = options.progress ?? silentProgress;
    this.client = new GatewayClient({
      url: options.gateway, key: options.key, fetch: options.fetch, retries: options.retries, retryDelayMs: options.retryDelayMs,
      timeoutMs: options.timeoutMs,
    });
    this.pool = new Pool(Math.max(1, options.concurrency ?? 4));
    this.result = {
      files: 0, documents: 0, accepted: 0, rejected: 0, skipped: 0, refused: 0, rejections: [], unlisted: 0, reportPath: options.reportPath,
    };
  }

  async execute(files: string[]): Promise<void> {
    this.result.files = files.length;
    await this.report.write({
      type: 'run', at: now(), gateway: this.options.gateway, resume: this.options.resume, files: files.map((file) => this.shown(file)),
      concurrency: this.options.concurrency ?? 4,
    });
    const scans: FileScan[] = [];
    for (const file of files) {
      const scan = await this.scan(file);
      if (scan) scans.push(scan);
    }
    this.result.documents = scans.reduce((sum, scan) => sum + KINDS.reduce((s, kind) => s + scan.counts[kind], 0), 0);
    this.progress.start(this.result.documents, files.length);

    for (const kind of KINDS) {
      const stageFiles = scans.filter((scan) => scan.counts[kind] > 0);
      const count = stageFiles.reduce((sum, scan) => sum + scan.counts[kind], 0);
      if (count === 0 || this.result.fatal) continue;
      this.progress.stage(kind, count);
      for (const scan of stageFiles) {
        if (this.result.fatal) break;
        try {
          await this.submitFile(scan, BY_KIND.get(kind)!);
        } catch (error) {
          // The file changed or vanished since the scan: what was submitted of it stands, the rest is refused.
          await this.pool.drain();
          const reason = `${error instanceof XmlFileError ? '' : 'cannot be read: '}${(error as Error).message} (while reading its ${kind} documents)`;
          await this.refuseFile(scan.shown, 'UNREADABLE', reason);
        }
      }
      await this.pool.drain(); // the stage's barrier: every answer is in before the next kind starts
    }
    if (this.result.fatal) this.progress.note(`ceb-import: stopped: ${this.result.fatal}`);
  }

  async finish(): Promise<void> {
    this.progress.end();
    const { result } = this;
    await this.report.write({
      type: 'summary', at: now(), files: result.files, documents: result.documents, accepted: result.accepted, rejected: result.rejected,
      skipped: result.skipped, refused: result.refused, ...(result.fatal ? { fatal: result.fatal } : {}),
    });
    await this.report.close();
  }

  /** Pass 1 for one file: is it well-formed, are its messages whole, how many documents of each kind. */
  private async scan(file: string): Promise<FileScan | undefined> {
    const scan: FileScan = {
      file, shown: this.shown(file), counts: { order: 0, payment: 0, waybill: 0, inventory: 0 }, refusedMessages: new Map(),
    };
    const messages: MessageRead[] = [];
    try {
      for await (const event of readCebFile(file, { kinds: new Set() })) {
        if (event.type === 'message') messages.push(event);
      }
    } catch (error) {
      if (error instanceof XmlFileError) await this.refuseFile(scan.shown, 'INVALID_XML', error.message);
      else await this.refuseFile(scan.shown, 'UNREADABLE', `cannot be read: ${(error as Error).message}`);
      return undefined;
    }
    for (const message of messages) {
      if (message.problems.length > 0) {
        const reason = message.problems.join('; ');
        scan.refusedMessages.set(message.ordinal, reason);
        await this.report.write({
          type: 'message', at: now(), file: scan.shown, message: message.name, messageGuid: message.guid, ordinal: message.ordinal,
          line: message.line, documents: message.documents, status: 'rejected', code: 'INVALID_MESSAGE', reason,
          baseTransfer: message.baseTransfer,
        });
        // A refused message's documents are each reported in their stage; one without documents is listed here.
        if (message.documents === 0) {
          this.list({ file: scan.shown, document: `${message.name} (line ${message.line})`, code: 'INVALID_MESSAGE', reason });
          this.result.refused += 1;
        }
      }
      if (message.spec) scan.counts[message.spec.kind] += message.documents;
    }
    return scan;
  }

  /** A stage's pass over one file: each document of the stage's kind is checked, then submitted or refused. */
  private async submitFile(scan: FileScan, spec: MessageSpec): Promise<void> {
    for await (const event of readCebFile(scan.file, { kinds: new Set([spec.kind]) })) {
      if (this.result.fatal) break;
      if (event.type !== 'document') continue;
      const converted = convertDocument(spec, event.raw, this.tables);
      const base = documentBase(scan, event, spec, `${spec.kind}:${spec.key(converted.input)}`);
      const warnings = converted.warnings.length > 0 ? { warnings: converted.warnings } : {};
      const done = (fields: Partial<DocumentRecord>) => this.record({ ...base, at: now(), ...warnings, ...fields } as DocumentRecord, converted.input);

      const refused = scan.refusedMessages.get(event.messageOrdinal);
      if (refused) {
        await done({ status: 'rejected', code: 'INVALID_MESSAGE', reason: `its ${spec.message} is refused: ${refused}` });
        continue;
      }
      if (converted.problems.length > 0) {
        const first = converted.problems[0];
        await done({
          status: 'rejected', code: 'LOCAL_VALIDATION', reason: problemText(converted.problems), field: first.field, element: first.element,
          errors: converted.problems.map((problem): ReportError => ({
            code: 'LOCAL_VALIDATION', message: `${problem.element} ${problem.message}`, ...(problem.field ? { field: problem.field } : {}),
            element: problem.element,
          })),
        });
        continue;
      }
      const digest = digestOf(converted.input);
      if (this.accepted.has(`${base.id}#${digest}`)) {
        await done({ status: 'skipped', digest, reason: 'accepted in an earlier run (--resume)' });
        continue;
      }
      const blocker = this.blockedBy(spec.kind, converted.input);
      if (blocker) {
        await done({
          status: 'rejected', digest, code: 'DEPENDENCY_REJECTED',
          reason: `not submitted: ${blocker} for order ${String(converted.input.orderNo)} was rejected in this run`,
        });
        continue;
      }
      await this.pool.run(async () => {
        if (this.result.fatal) return;
        const outcome = await this.client.submit(spec, converted.input);
        if (outcome.ok) {
          const notes = [...converted.warnings, ...outcome.warnings.map((w) => `${w.code}: ${w.message}`)];
          await done({ status: 'accepted', digest, result: outcome.data, ...(notes.length > 0 ? { warnings: notes } : {}) });
        } else if (outcome.fatal) {
          this.result.fatal ??= fatalText(outcome.errors); // not recorded: --resume submits it again
        } else {
          const errors = outcome.errors.map((error): ReportError => ({ ...error, ...withElement(spec, error) }));
          const first = errors[0];
          await done({
            status: 'rejected', digest, code: first.code, reason: errors.map((error) => error.message).join('; '),
            field: first.field, element: first.element, errors,
          });
        }
      });
    }
  }

  private async record(entry: DocumentRecord, input: Record<string, unknown>): Promise<void> {
    await this.report.write(entry);
    this.result[entry.status] += 1;
    this.progress.tick(entry.status);
    if (entry.status !== 'rejected') return;
    if (typeof input.orderNo === 'string') {
      const kinds = this.failed.get(input.orderNo) ?? new Map<DocumentKind, string>();
      kinds.set(entry.kind as DocumentKind, entry.id);
      this.failed.set(input.orderNo, kinds);
    }
    this.list({
      file: entry.file, document: `${entry.message} ${entry.document} #${entry.index} (line ${entry.line}) ${entry.id}`, code: entry.code!,
      reason: entry.reason!, field: entry.field, element: entry.element,
    });
  }

  private async refuseFile(shown: string, code: string, reason: string): Promise<void> {
    await this.report.write({ type: 'file', at: now(), file: shown, status: 'rejected', code, reason });
    this.list({ file: shown, code, reason });
    this.result.refused += 1;
  }

  private list(rejection: Rejection): void {
    if (this.result.rejections.length < MAX_LISTED) this.result.rejections.push(rejection);
    else this.result.unlisted += 1;
  }

  /** The earlier document of the same order rejected in this run that this one depends on, if any. */
  private blockedBy(kind: DocumentKind, input: Record<string, unknown>): string | undefined {
    if (typeof input.orderNo !== 'string') return undefined;
    const kinds = this.failed.get(input.orderNo);
    if (!kinds) return undefined;
    for (const dependency of DEPENDS_ON[kind]) {
      const id = kinds.get(dependency);
      if (id) return `its ${dependency} ${id.slice(dependency.length + 1)}`;
    }
    return undefined;
  }

  private shown(file: string): string {
    const relative = path.relative(this.cwd, file);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
  }
}

const now = () => new Date().toISOString();

function documentBase(scan: FileScan, event: DocumentRead, spec: MessageSpec, id: string): DocumentRecord {
  return {
    type: 'document', at: '', file: scan.shown, message: spec.message, ...(event.messageGuid ? { messageGuid: event.messageGuid } : {}),
    document: spec.document, index: event.index, line: event.line, kind: spec.kind, id, status: 'rejected',
  };
}

function problemText(problems: Problem[]): string {
  return problems.map((problem) => `${problem.element} ${problem.message}`).join('; ');
}

function withElement(spec: MessageSpec, error: SubmitError): { element?: string } {
  const element = elementOfField(spec, error.field);
  return element ? { element } : {};
}

function fatalText(errors: SubmitError[]): string {
  const first = errors[0];
  if (first.code === 'UNAUTHENTICATED') return `the gateway refused the key (UNAUTHENTICATED: ${first.message}); check --key or SINGLE_WINDOW_API_KEY`;
  return `${first.code}: ${first.message}`;
}
