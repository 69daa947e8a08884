import { randomUUID } from 'node:crypto';
import { usccProblem, type BusEvent } from '@sw/kernel';
import type { CreditSource, RecordKind } from '../method/method';
import type { Tx } from './publish';

/** One credit.records row that a consumed event becomes, identified by the source's own key. */
export interface SourceRecord {
  uscc: string;
  source: CreditSource;
  kind: RecordKind;
  authority: string;
  /** YYYY-MM-DD (Asia/Shanghai). */
  occurredOn: string;
  evidence: string;
  detail: Record<string, unknown>;
  /** The source's identity of the fact: a redelivered or re-published fact updates its row. */
  key: string;
}

/**
 * Inserts the record keyed by `key`, or brings an existing one's evidence and detail up to date;
 * the day it first occurred, who recorded it and when stay as they were.
 */
export async function upsertSourceRecord(tx: Tx, event: BusEvent, record: SourceRecord): Promise<void> {
  await tx`
    insert into credit.records (id, uscc, source, kind, authority, occurred_on, evidence, detail, source_key, recorded_at, recorded_by)
    values (${randomUUID()}, ${record.uscc}, ${record.source}, ${record.kind}, ${record.authority}, ${record.occurredOn}, ${record.evidence},
            ${tx.json(record.detail as never)}, ${record.key}, ${event.occurredAt}, ${event.actor})
    on conflict (source_key) do update set evidence = excluded.evidence, detail = excluded.detail`;
}

/** The valid USCCs among `values`, each once, in order. */
export function validUsccs(values: unknown): string[] {
  if (!Array.isArray(values)) return [];
  return [...new Set(values.filter((value): value is string => typeof value === 'string' && !usccProblem(value)))];
}

/** A value of the event as text for evidence ('?' when absent). */
export function text(value: unknown): string {
  return value === null || value === undefined || value === '' ? '?' : String(value);
}

export function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
