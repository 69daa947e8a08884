import { BusConsumer, usccProblem, type BusEvent, type Logger, type Sql } from '@sw/kernel';
import type postgres from 'postgres';
import { CaptureSource, EventAction, EventType } from '../event/event.enums';
import { validateEvent, type RawEvent } from '../event/event.validation';
import { writeEvents } from '../event/event.writer';

/**
 * Clearance milestones as trace events, CBV-consistent: customs declaration and release are the two
 * ends of a customs hold (bizStep holding; disposition unavailable while held, available once
 * released, CBV 2.0), an inspection is `inspecting`, a detention a non-conformant hold.
 * Other statuses (matching, submission, review, clearance, rejection) are document steps, not
 * something that happens to the goods, and are not recorded. Parcel delivery follows once the
 * logistics subgraph publishes parcel milestones.
 */
export const CLEARANCE_MILESTONES: Readonly<Record<string, { bizStep: string; disposition: string }>> = {
  DECLARED: { bizStep: 'holding', disposition: 'unavailable' },
  INSPECTION: { bizStep: 'inspecting', disposition: 'unavailable' },
  DETAINED: { bizStep: 'holding', disposition: 'non_conformant' },
  RELEASED: { bizStep: 'holding', disposition: 'available' },
};

/** Customs in China keep Beijing time; the offset says where the milestone happened. */
const CUSTOMS_OFFSET = '+08:00';
/** Clearance's clock, not a partner's: generous, only a guard against nonsense. */
const CLOCK_SKEW_MS = 60 * 60_000;

export function clearanceConsumer(sql: Sql, logger: Logger, pollMs?: number): BusConsumer {
  return new BusConsumer(sql, {
    name: 'clearance-milestones',
    schema: 'traceability',
    types: ['clearance.declaration.status-changed'],
    logger,
    pollMs,
    handle: (event, tx) => recordClearanceMilestone(event, tx, logger),
  });
}

/**
 * One trace event per milestone, its eventId the bus event's (urn:uuid:<id>): a redelivery or a
 * replay from seq 0 writes nothing new. The declaration id, the order no. (po) and, when clearance
 * sends it, the waybill no. go in bizTransactionList; the waybill no. is also the parcel's code.
 */
export async function recordClearanceMilestone(event: BusEvent, tx: postgres.TransactionSql, logger: Logger): Promise<void> {
  const data = event.data;
  const milestone = CLEARANCE_MILESTONES[String(data.to)];
  if (!milestone) return;
  const declarationId = typeof data.declarationId === 'string' ? data.declarationId : null;
  if (!declarationId) {
    logger.warn({ eventId: event.id, type: event.type }, 'clearance milestone without a declarationId; not recorded');
    return;
  }
  const logisticsNo = typeof data.logisticsNo === 'string' && data.logisticsNo ? data.logisticsNo : null;
  const at = typeof data.at === 'string' ? data.at : event.occurredAt.toISOString();
  const raw: RawEvent = {
    eventId: `urn:uuid:${event.id}`,
    eventType: EventType.OBJECT,
    action: EventAction.OBSERVE,
    eventTime: at,
    eventTimeZoneOffset: CUSTOMS_OFFSET,
    epcList: logisticsNo ? [logisticsNo] : [],
    bizStep: milestone.bizStep,
    disposition: milestone.disposition,
    bizTransactionList: [
      { type: 'declaration', id: declarationId },
      ...(typeof data.orderNo === 'string' && data.orderNo ? [{ type: 'po', id: data.orderNo }] : []),
      ...(logisticsNo ? [{ type: 'waybill', id: logisticsNo }] : []),
    ],
  };
  const { event: captured, problems } = validateEvent(raw, {
    path: 'clearance', names: {}, now: new Date(), futureToleranceMs: CLOCK_SKEW_MS, allowEmptyWhat: true,
  });
  if (!captured) {
    logger.warn({ eventId: event.id, problems }, 'clearance milestone could not be recorded as a trace event');
    return;
  }
  const enterprise = validUscc(data.enterprise);
  const parties = [...new Set([...partyUsccs(data.parties), validUscc(data.platform)])]
    .filter((uscc): uscc is string => uscc !== null && uscc !== enterprise);
  await writeEvents(tx, [{ event: captured, enterpriseUscc: enterprise, parties, capturedBy: event.actor, source: CaptureSource.CLEARANCE }]);
}

function validUscc(value: unknown): string | null {
  return typeof value === 'string' && !usccProblem(value) ? value : null;
}

/** `parties` is the USCC of each enterprise on the declaration by role: an object { role: uscc } (or a list). */
function partyUsccs(value: unknown): (string | null)[] {
  if (Array.isArray(value)) return value.map((entry) => validUscc(typeof entry === 'object' && entry !== null ? (entry as { uscc?: unknown }).uscc : entry));
  if (typeof value === 'object' && value !== null) return Object.values(value).map(validUscc);
  return [];
}
