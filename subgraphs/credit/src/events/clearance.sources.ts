import { usccProblem, type BusEvent, type Logger } from '@sw/kernel';
import { shanghaiToday } from '../method/dates';
import { recomputeProfile } from '../profile/recompute';
import type { Tx } from './publish';
import { dateOf, text, upsertSourceRecord } from './source-record';

/**
 * Clearance outcomes as credit records (METHOD.md: CLEARANCE_MISMATCH −1 and CLEARANCE_REJECTED −2,
 * half-life 90 days, counted for a year; 5 mismatches or 3 rejections within 30 days open a warning).
 *
 * Who answers for them. Decision: the e-commerce enterprise the inventory list was declared for
 * (`data.enterprise`, else `parties.ECOMMERCE_ENTERPRISE`), and only it. Under GACC announcement
 * 2018 No. 194 the e-commerce enterprise (or its domestic agent) declares the list and answers for
 * its truth; the platform, payment and logistics firms take part in every declaration of their
 * merchants and carriers, so charging them each time would grade a large platform by its volume
 * rather than by its conduct. A regulator who finds one of them at fault records it with
 * recordCreditEvent.
 *
 * One record per declaration and enterprise (`clearance:mismatch:<declarationId>:<uscc>`,
 * `clearance:rejected:<declarationId>:<uscc>`), not one per event: an amended declaration that
 * still mismatches is the same lapse, so a later mismatched event only updates the evidence (the
 * fields differing now) and the record keeps the day it first mismatched. Redelivery and replay
 * converge. Only field and document names are kept, never the compared values (personal data).
 */
export async function observeMismatch(event: BusEvent, tx: Tx, logger: Logger): Promise<void> {
  const uscc = answerable(event);
  if (!uscc) {
    logger.warn({ type: event.type, eventId: event.id }, 'mismatch event without a valid e-commerce enterprise; ignored');
    return;
  }
  const declarationId = String(event.data.declarationId ?? event.subject);
  const fields = (Array.isArray(event.data.mismatches) ? (event.data.mismatches as { field?: unknown; document?: unknown }[]) : [])
    .map((m) => `${text(m?.document)}.${text(m?.field)}`);
  const named = fields.length === 0 ? 'documents differ' : `${fields.slice(0, 8).join(', ')}${fields.length > 8 ? ` and ${fields.length - 8} more` : ''}`;
  await upsertSourceRecord(tx, event, {
    uscc, source: 'CLEARANCE', kind: 'CLEARANCE_MISMATCH', authority: 'Single Window three-document match (三单对碰)',
    occurredOn: shanghaiToday(event.occurredAt),
    evidence: `three-document mismatch of inventory list ${text(event.data.copNo)} (order ${text(event.data.orderNo)}): ${named}`,
    detail: { declarationId, copNo: event.data.copNo ?? null, orderNo: event.data.orderNo ?? null, fields },
    key: `clearance:mismatch:${declarationId}:${uscc}`,
  });
  await recomputeProfile(tx, uscc, `three-document mismatch of inventory list ${text(event.data.copNo)}`, 'system');
}

/** A declaration customs rejected (receipt 100, or a processing-error receipt): one record for its enterprise. */
export async function observeRejection(event: BusEvent, tx: Tx, logger: Logger): Promise<void> {
  const uscc = answerable(event);
  if (!uscc) {
    logger.warn({ type: event.type, eventId: event.id }, 'rejection event without a valid e-commerce enterprise; ignored');
    return;
  }
  const declarationId = String(event.data.declarationId ?? event.subject);
  const receiptCode = event.data.receiptCode === null || event.data.receiptCode === undefined ? null : String(event.data.receiptCode);
  const reason = typeof event.data.reason === 'string' && event.data.reason.trim() ? event.data.reason.trim().slice(0, 500) : 'no reason given';
  // Clearance's reason usually starts with the code already ("100 rejected by customs (海关退单): …").
  const receipt = receiptCode === null || reason.startsWith(`${receiptCode} `) ? '' : `, receipt ${receiptCode}`;
  await upsertSourceRecord(tx, event, {
    uscc, source: 'CLEARANCE', kind: 'CLEARANCE_REJECTED', authority: 'customs',
    occurredOn: shanghaiToday(dateOf(event.data.at) ?? event.occurredAt),
    evidence: `customs rejected inventory list ${text(event.data.copNo)} (order ${text(event.data.orderNo)})${receipt}: ${reason}`,
    detail: { declarationId, copNo: event.data.copNo ?? null, orderNo: event.data.orderNo ?? null, receiptCode },
    key: `clearance:rejected:${declarationId}:${uscc}`,
  });
  await recomputeProfile(tx, uscc, `inventory list ${text(event.data.copNo)} rejected by customs`, 'system');
}

/** The declaration's e-commerce enterprise, or null when the event names none validly. */
function answerable(event: BusEvent): string | null {
  const parties = (event.data.parties ?? {}) as Record<string, unknown>;
  for (const candidate of [event.data.enterprise, parties.ECOMMERCE_ENTERPRISE]) {
    if (typeof candidate === 'string' && !usccProblem(candidate)) return candidate;
  }
  return null;
}
