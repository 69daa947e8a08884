import { actorOf, badInput, forbidden, type Logger, type RequestContext, type Sql } from '@sw/kernel';
import { writer } from '../common/access';
import { optionalUscc } from '../product/product.validation';
import { eventsOfDocument } from './epcis';
import { CaptureSource } from './event.enums';
import type { CaptureResult, RejectedEvent, TraceEventInput } from './event.type';
import {
  EPCIS_NAMES, GRAPHQL_NAMES, validateEvent, type CapturedEvent, type FieldNames, type Problem, type RawEvent,
} from './event.validation';
import { contentHash, writeEvents, type EventToStore } from './event.writer';

export interface CaptureConfig {
  /** How far ahead of the server's clock an event time may be. */
  futureToleranceMs: number;
  /** Most events in one captureTraceEvents or importEpcisDocument call. */
  maxEvents: number;
}

interface Candidate {
  index: number;
  path: string;
  raw: RawEvent;
  names: FieldNames;
  problems: Problem[];
}

/**
 * captureTraceEvents and importEpcisDocument: every event is validated on its own, the valid ones
 * are written in one statement (event.writer.ts) and each refused one is reported with its index,
 * input path and what to fix. A batch is never refused as a whole for one bad event.
 */
export class CaptureService {
  constructor(private readonly sql: Sql, private readonly config: CaptureConfig, private readonly logger: Logger) {}

  async capture(events: TraceEventInput[], enterprise: string | null | undefined, context: RequestContext): Promise<CaptureResult> {
    const recordedFor = await this.recordedFor(enterprise, context, 'captureTraceEvents');
    this.assertBatchSize('events', events.length);
    const candidates = events.map((event, index): Candidate => ({
      index, path: `events[${index}]`, raw: event as unknown as RawEvent, names: GRAPHQL_NAMES, problems: [],
    }));
    return this.run(candidates, recordedFor, CaptureSource.API, context);
  }

  async importDocument(document: Record<string, unknown>, enterprise: string | null | undefined, context: RequestContext): Promise<CaptureResult> {
    const recordedFor = await this.recordedFor(enterprise, context, 'importEpcisDocument');
    const read = eventsOfDocument(document);
    this.assertBatchSize('document.epcisBody.eventList', read.length);
    const candidates = read.map(({ path, raw, problems }, index): Candidate => ({ index, path, raw, names: EPCIS_NAMES, problems }));
    return this.run(candidates, recordedFor, CaptureSource.EPCIS_IMPORT, context);
  }

  private async run(candidates: Candidate[], enterpriseUscc: string | null, source: CaptureSource, context: RequestContext): Promise<CaptureResult> {
    const now = new Date();
    const rejected: RejectedEvent[] = [];
    const reject = (candidate: Candidate, problems: Problem[]) => {
      const eventId = typeof candidate.raw.eventId === 'string' ? candidate.raw.eventId : null;
      for (const problem of problems) rejected.push({ index: candidate.index, eventId, field: problem.field, message: problem.message });
    };
    const valid: { candidate: Candidate; event: CapturedEvent; hash: string }[] = [];
    const firstById = new Map<string, { index: number; hash: string }>();
    let duplicates = 0;
    for (const candidate of candidates) {
      // An event of unknown type cannot be checked further; otherwise shape and content problems are reported together.
      if (candidate.problems.length > 0 && candidate.raw.eventType === undefined) {
        reject(candidate, candidate.problems);
        continue;
      }
      const { event, problems } = validateEvent(candidate.raw, {
        path: candidate.path, names: candidate.names, now, futureToleranceMs: this.config.futureToleranceMs,
      });
      if (!event || candidate.problems.length > 0) {
        reject(candidate, [...candidate.problems, ...problems]);
        continue;
      }
      const hash = contentHash(event);
      const first = firstById.get(event.eventId);
      if (first) {
        if (first.hash === hash) duplicates++;
        else {
          reject(candidate, [{
            field: `${candidate.path}.${candidate.names.eventId ?? 'eventId'}`,
            message: `${event.eventId} appears earlier in this batch (index ${first.index}) with different content; an eventId names one event`,
          }]);
        }
        continue;
      }
      firstById.set(event.eventId, { index: candidate.index, hash });
      valid.push({ candidate, event, hash });
    }
    const toStore: EventToStore[] = valid.map(({ event }) => ({ event, enterpriseUscc, parties: [], capturedBy: actorOf(context), source }));
    const outcomes = await writeEvents(this.sql, toStore);
    let accepted = 0;
    for (const { candidate, event } of valid) {
      const outcome = outcomes.get(event.eventId);
      if (outcome === 'NEW') accepted++;
      else if (outcome === 'DUPLICATE') duplicates++;
      else {
        reject(candidate, [{
          field: `${candidate.path}.${candidate.names.eventId ?? 'eventId'}`,
          message: `${event.eventId} was captured before with different content; a captured event does not change: capture a correcting event under a new eventId`,
        }]);
      }
    }
    rejected.sort((a, b) => a.index - b.index);
    const rejectedCount = new Set(rejected.map((entry) => entry.index)).size;
    this.logger.info({ requestId: context.requestId, source, accepted, duplicates, rejected: rejectedCount }, 'trace events captured');
    return { accepted, duplicates, rejectedCount, rejected };
  }

  /** The enterprise the batch is recorded for: an ENTERPRISE's own; the one a regulator names, or none. */
  private async recordedFor(enterprise: string | null | undefined, context: RequestContext, operation: string): Promise<string | null> {
    const identity = writer(context, operation);
    const named = optionalUscc('enterprise', enterprise);
    if (identity.role === 'ENTERPRISE') {
      if (named !== null && named !== identity.uscc) throw forbidden(`an ENTERPRISE caller captures events for its own USCC only, not ${named}`);
      const status = await this.filingStatus(identity.uscc!);
      if (status === null || status === 'REVOKED') {
        throw forbidden(`enterprise ${identity.uscc} has no live filing with the Single Window; only filed enterprises capture trace events`);
      }
      return identity.uscc!;
    }
    if (named === null) return null;
    const status = await this.filingStatus(named);
    if (status === null) throw badInput('enterprise', `enterprise ${named} is not filed with the Single Window`);
    if (status === 'REVOKED') throw badInput('enterprise', `the filing of enterprise ${named} is revoked`);
    return named;
  }

  private async filingStatus(uscc: string): Promise<string | null> {
    const [row] = await this.sql`select filing_status from traceability.enterprises where uscc = ${uscc}`;
    return (row?.filing_status as string | undefined) ?? null;
  }

  private assertBatchSize(field: string, size: number): void {
    if (size > this.config.maxEvents) {
      throw badInput(field, `at most ${this.config.maxEvents} events per call (TRACE_CAPTURE_MAX_EVENTS), got ${size}; split the batch`);
    }
  }
}
