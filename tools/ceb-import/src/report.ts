import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/*
 * The report: one JSON object per line, appended as the run goes, so that an interrupted run keeps
 * everything it did. Records:
 *   {"type":"run", ...}        a run started (gateway, files, resume)
 *   {"type":"file", ...}       a file refused whole (not well-formed XML, no CEB message)
 *   {"type":"message", ...}    a CEB message refused whole (no BaseTransfer, unsupported type)
 *   {"type":"document", ...}   one document: status accepted | rejected | skipped, with the gateway's
 *                              answer or the reason (code, message, field, element)
 *   {"type":"summary", ...}    the run's counts
 * Personal data (ID numbers, names, phones, addresses) is never written: documents are named by their
 * idempotency keys, and a digest of the submitted input tells a changed resubmission apart.
 */

export type DocumentStatus = 'accepted' | 'rejected' | 'skipped';

export interface ReportError {
  code: string;
  message: string;
  field?: string;
  element?: string;
}

export interface DocumentRecord {
  type: 'document';
  at: string;
  file: string;
  message: string;
  messageGuid?: string;
  document: string;
  index: number;
  line: number;
  kind: string;
  /** `<kind>:<idempotency key>`, e.g. `order:4101960001/SW20260315000123`. */
  id: string;
  /** SHA-256 of the submitted input; resume skips a document only when the same content was accepted. */
  digest?: string;
  status: DocumentStatus;
  code?: string;
  reason?: string;
  field?: string;
  element?: string;
  errors?: ReportError[];
  result?: Record<string, unknown>;
  warnings?: string[];
}

export type ReportRecord = DocumentRecord | ({ type: 'run' | 'file' | 'message' | 'summary'; at: string } & Record<string, unknown>);

export class ReportWriter {
  private constructor(private readonly stream: WriteStream) {}

  /** Opens the report: appended to when resuming, else started afresh. */
  static async open(path: string, append: boolean): Promise<ReportWriter> {
    const stream = createWriteStream(path, { flags: append ? 'a' : 'w', encoding: 'utf8' });
    await once(stream, 'open');
    return new ReportWriter(stream);
  }

  async write(record: ReportRecord): Promise<void> {
    if (!this.stream.write(`${JSON.stringify(record)}\n`)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/** `<id>#<digest>` of every document an earlier run's report shows as accepted. */
export async function acceptedInReport(path: string): Promise<Set<string>> {
  const accepted = new Set<string>();
  if (!existsSync(path)) return accepted;
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let record: Partial<DocumentRecord>;
    try {
      record = JSON.parse(line) as Partial<DocumentRecord>;
    } catch {
      continue; // a line cut short by an interrupted run
    }
    if (record.type !== 'document' || typeof record.id !== 'string') continue;
    if (record.status === 'accepted') accepted.add(`${record.id}#${record.digest ?? ''}`);
  }
  return accepted;
}
