import { randomUUID } from 'node:crypto';
import { usccProblem, type BusEvent, type EventType, type Logger } from '@sw/kernel';
import { isIsoDate, shanghaiToday } from '../method/dates';
import type { RecordKind, TaxRating } from '../method/method';
import { recomputeProfile } from '../profile/recompute';
import { observeMismatch, observeRejection } from './clearance.sources';
import type { Tx } from './publish';
import { observeQualityRisk, observeRecall } from './traceability.sources';

type Handler = (event: BusEvent, tx: Tx, logger: Logger) => Promise<void>;

/** The SAIC publicity lists (agencies' PublicityList) and the record kind each becomes. */
const SAIC_LISTS: Record<string, RecordKind> = {
  ABNORMAL_OPERATIONS: 'SAIC_ABNORMAL_OPERATIONS',
  SERIOUS_VIOLATIONS: 'SAIC_SERIOUS_VIOLATIONS',
};
const TAX_RATINGS: readonly TaxRating[] = ['A', 'B', 'M', 'C', 'D'];

/**
 * What credit does with each event it consumes. Each source turns its event into credit.records
 * rows keyed by the source's own identity of the fact and recomputes the profiles concerned:
 * clearance mismatches and rejections (clearance.sources.ts), traceability quality risks and
 * recalls (traceability.sources.ts). A new source (statistics' trade-pattern changes) is one more entry.
 */
export const SOURCE_HANDLERS: Partial<Record<EventType, Handler>> = {
  'registry.enterprise.filed': projectFiling,
  'registry.enterprise.amended': projectFiling,
  'registry.enterprise.revoked': projectFiling,
  'agencies.saic-record.observed': observeSaic,
  'agencies.tax-rating.observed': observeTaxRating,
  'clearance.match.mismatched': observeMismatch,
  'clearance.declaration.rejected': observeRejection,
  'traceability.quality-risk.reported': observeQualityRisk,
  'traceability.recall.issued': observeRecall,
};

export const CONSUMED_EVENT_TYPES = Object.keys(SOURCE_HANDLERS) as EventType[];

/** Applies one consumed event inside the consumer's transaction; each handler is idempotent on its own too. */
export async function applySourceEvent(event: BusEvent, tx: Tx, logger: Logger): Promise<void> {
  const handler = SOURCE_HANDLERS[event.type];
  if (handler) await handler(event, tx, logger);
}

/**
 * Keeps credit's projection of registry filings (credit never reads registry tables). An event
 * older than what the row already reflects changes nothing, so a replay converges. A filing
 * recomputes the profile: facts that arrived before it (an agency report) count from then on.
 */
async function projectFiling(event: BusEvent, tx: Tx, logger: Logger): Promise<void> {
  const uscc = String(event.data.uscc ?? event.subject);
  if (usccProblem(uscc)) {
    logger.warn({ type: event.type, eventId: event.id }, 'filing event without a valid uscc; ignored');
    return;
  }
  const status = String(event.data.filingStatus ?? (event.type === 'registry.enterprise.revoked' ? 'REVOKED' : 'ACTIVE'));
  const customsCode = typeof event.data.customsCode === 'string' ? event.data.customsCode : null;
  if (event.type === 'registry.enterprise.revoked') {
    await tx`
      update credit.enterprises set filing_status = ${status}, customs_code = ${customsCode}, last_event_seq = ${event.seq.toString()}, updated_at = ${event.occurredAt}
      where uscc = ${uscc} and last_event_seq < ${event.seq.toString()}`;
    return;
  }
  const name = String(event.data.name ?? '');
  const [row] = await tx`
    insert into credit.enterprises (uscc, name, customs_code, filing_status, last_event_seq, updated_at)
    values (${uscc}, ${name}, ${customsCode}, ${status}, ${event.seq.toString()}, ${event.occurredAt})
    on conflict (uscc) do update set
      name = excluded.name, customs_code = excluded.customs_code, filing_status = excluded.filing_status,
      last_event_seq = excluded.last_event_seq, updated_at = excluded.updated_at
    where credit.enterprises.last_event_seq < excluded.last_event_seq
    returning (xmax = 0) as inserted`;
  if (row?.inserted) await recomputeProfile(tx, uscc, 'filed with the Single Window', 'system');
}

interface PublicityEntry {
  list: string;
  reason: string;
  listedOn: string;
  removedOn: string | null;
  authority: string;
}

/**
 * An SAIC observation is the whole current record: each publicity-list entry becomes (or updates)
 * one record keyed by list and date listed; an entry SAIC no longer reports ends on the day it was
 * observed missing.
 */
async function observeSaic(event: BusEvent, tx: Tx, logger: Logger): Promise<void> {
  const uscc = String(event.data.uscc ?? event.subject);
  if (usccProblem(uscc) || !Array.isArray(event.data.publicityEntries)) {
    logger.warn({ type: event.type, eventId: event.id }, 'SAIC observation without a valid uscc or entries; ignored');
    return;
  }
  const observedOn = shanghaiToday(dateOf(event.data.observedAt) ?? event.occurredAt);
  const keys: string[] = [];
  for (const entry of event.data.publicityEntries as PublicityEntry[]) {
    const kind = SAIC_LISTS[entry?.list];
    if (!kind || !isIsoDate(String(entry.listedOn)) || (entry.removedOn !== null && !isIsoDate(String(entry.removedOn)))) {
      logger.warn({ type: event.type, eventId: event.id, list: entry?.list }, 'SAIC publicity entry not understood; skipped');
      continue;
    }
    const key = `saic:${uscc}:${entry.list}:${entry.listedOn}`;
    keys.push(key);
    await tx`
      insert into credit.records (id, uscc, source, kind, authority, occurred_on, ended_on, evidence, detail, source_key, recorded_at, recorded_by)
      values (${randomUUID()}, ${uscc}, 'SAIC', ${kind}, ${String(entry.authority || 'SAIC')}, ${entry.listedOn}, ${entry.removedOn},
              ${String(entry.reason || entry.list)}, ${tx.json({ list: entry.list } as never)}, ${key}, ${event.occurredAt}, ${event.actor})
      on conflict (source_key) do update set
        ended_on = excluded.ended_on, authority = excluded.authority, evidence = excluded.evidence`;
  }
  const open = await tx`select id, source_key from credit.records where uscc = ${uscc} and source = 'SAIC' and ended_on is null`;
  for (const row of open.filter((row) => !keys.includes(row.source_key))) {
    await tx`update credit.records set ended_on = ${observedOn} where id = ${row.id}`;
  }
  await recomputeProfile(tx, uscc, 'SAIC publicity lists observed', 'system');
}

/** A tax rating is one record per rated year; a re-rating of the same year replaces it. */
async function observeTaxRating(event: BusEvent, tx: Tx, logger: Logger): Promise<void> {
  const uscc = String(event.data.uscc ?? event.subject);
  const rating = event.data.rating as TaxRating;
  const year = Number(event.data.year);
  const assessedOn = String(event.data.assessedOn ?? '');
  if (usccProblem(uscc) || !TAX_RATINGS.includes(rating) || !Number.isInteger(year) || !isIsoDate(assessedOn)) {
    logger.warn({ type: event.type, eventId: event.id }, 'tax rating observation not understood; ignored');
    return;
  }
  const score = typeof event.data.score === 'number' ? event.data.score : null;
  const key = `tax:${uscc}:${year}`;
  const evidence = `tax credit rating ${rating} for ${year}${score === null ? '' : ` (${score} points)`}`;
  await tx`
    insert into credit.records (id, uscc, source, kind, authority, occurred_on, evidence, detail, source_key, recorded_at, recorded_by)
    values (${randomUUID()}, ${uscc}, 'TAX', 'TAX_RATING', 'tax bureau', ${assessedOn}, ${evidence},
            ${tx.json({ rating, year, score } as never)}, ${key}, ${event.occurredAt}, ${event.actor})
    on conflict (source_key) do update set occurred_on = excluded.occurred_on, evidence = excluded.evidence, detail = excluded.detail`;
  await recomputeProfile(tx, uscc, `tax rating ${rating} for ${year} observed`, 'system');
}

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
