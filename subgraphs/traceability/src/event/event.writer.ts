import type { Sql } from '@sw/kernel';
import type postgres from 'postgres';
import { EventAction, EventType, type CaptureSource } from './event.enums';
import { contentDigest } from './epcis';
import type { CapturedEvent } from './event.validation';

/** A validated event with who it is recorded for. */
export interface EventToStore {
  event: CapturedEvent;
  /** The enterprise the event is recorded for (the capturing ENTERPRISE, or the one a regulator named). */
  enterpriseUscc: string | null;
  /** Other enterprises the event concerns (the parties of a declaration); they read it too. */
  parties: string[];
  capturedBy: string;
  source: CaptureSource;
}

export type WriteOutcome = 'NEW' | 'DUPLICATE' | 'CHANGED';

/** The EPCIS lists of an event as stored in events.body (empty lists left out). */
export function bodyOf(event: CapturedEvent): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of [
    'epcList', 'childEpcs', 'inputEpcList', 'outputEpcList', 'quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList',
    'bizTransactionList', 'sourceList', 'destinationList',
  ] as const) {
    if (event[key].length > 0) body[key] = event[key];
  }
  return body;
}

/** What makes two captures "the same event": everything EPCIS says about it, not who sent it or when. */
export function contentHash(event: CapturedEvent): string {
  return contentDigest({
    eventId: event.eventId, eventType: event.eventType, action: event.action, eventTime: event.eventTime.toISOString(),
    eventTimeZoneOffset: event.eventTimeZoneOffset, bizStep: event.bizStep, disposition: event.disposition, readPoint: event.readPoint,
    bizLocation: event.bizLocation, parentId: event.parentId, transformationId: event.transformationId, body: bodyOf(event),
  });
}

/**
 * Writes a batch in one statement (postgres.js): the events, then their codes, containments and
 * business transactions for the events that were new, each set as one multi-row insert from a
 * JSON parameter. `on conflict do nothing` makes a redelivered eventId a no-op; the answer tells
 * for each eventId whether it was new, a duplicate of the same content, or a changed resend.
 * Ids in `items` must be distinct (the caller de-duplicates a batch).
 */
export async function writeEvents(sql: Sql | postgres.TransactionSql, items: EventToStore[]): Promise<Map<string, WriteOutcome>> {
  if (items.length === 0) return new Map();
  const events = [];
  const codes = [];
  const containments = [];
  const transactions = [];
  for (const { event, enterpriseUscc, parties, capturedBy, source } of items) {
    const at = event.eventTime.toISOString();
    events.push({
      event_id: event.eventId, event_type: event.eventType, action: event.action, event_time: at,
      event_time_zone_offset: event.eventTimeZoneOffset, biz_step: event.bizStep, disposition: event.disposition,
      read_point: event.readPoint, biz_location: event.bizLocation, parent_id: event.parentId, transformation_id: event.transformationId,
      body: bodyOf(event), enterprise_uscc: enterpriseUscc, parties, captured_by: capturedBy, source, content_hash: contentHash(event),
    });
    const xform = event.eventType === EventType.TRANSFORMATION ? (event.transformationId ?? `event:${event.eventId}`) : null;
    for (const code of event.codes) {
      codes.push({
        event_id: event.eventId, code: code.code, role: code.role, class_level: code.classLevel, event_time: at, gtin14: code.gtin14,
        xform: code.role === 'INPUT' || code.role === 'OUTPUT' ? xform : null,
      });
    }
    if (event.parentId !== null && event.eventType !== EventType.TRANSFORMATION) {
      const op = event.action === EventAction.DELETE ? 'OUT' : 'IN';
      const children = event.codes.filter((code) => code.role === 'CHILD');
      for (const child of children) {
        containments.push({ event_id: event.eventId, child: child.code, child_class: child.classLevel, parent: event.parentId, at, op });
      }
      // EPCIS 2.0: a DELETE that names no children takes every child out of the parent.
      if (children.length === 0 && op === 'OUT') {
        containments.push({ event_id: event.eventId, child: null, child_class: false, parent: event.parentId, at, op });
      }
    }
    const seen = new Set<string>();
    for (const transaction of event.bizTransactionList) {
      const key = `${transaction.type ?? ''} ${transaction.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      transactions.push({ event_id: event.eventId, type: transaction.type ?? '', id: transaction.id });
    }
  }
  const rows = await sql`
    with incoming as (
      select * from jsonb_to_recordset(${sql.json(events as never)}) as r(
        event_id text, event_type text, action text, event_time timestamptz, event_time_zone_offset text, biz_step text,
        disposition text, read_point text, biz_location text, parent_id text, transformation_id text, body jsonb,
        enterprise_uscc text, parties text[], captured_by text, source text, content_hash text)
    ),
    inserted as (
      insert into traceability.events (event_id, event_type, action, event_time, event_time_zone_offset, biz_step, disposition,
        read_point, biz_location, parent_id, transformation_id, body, enterprise_uscc, parties, captured_by, source, content_hash)
      select event_id, event_type, action, event_time, event_time_zone_offset, biz_step, disposition, read_point, biz_location,
        parent_id, transformation_id, body, enterprise_uscc, parties, captured_by, source, content_hash
      from incoming
      on conflict (event_id) do nothing
      returning event_id
    ),
    new_codes as (
      insert into traceability.event_codes (event_id, code, role, class_level, event_time, gtin14, xform)
      select c.event_id, c.code, c.role, c.class_level, c.event_time, c.gtin14, c.xform
      from jsonb_to_recordset(${sql.json(codes as never)}) as c(
        event_id text, code text, role text, class_level boolean, event_time timestamptz, gtin14 text, xform text)
      join inserted using (event_id)
      returning 1
    ),
    new_containments as (
      insert into traceability.containments (event_id, child, child_class, parent, at, op)
      select c.event_id, c.child, c.child_class, c.parent, c.at, c.op
      from jsonb_to_recordset(${sql.json(containments as never)}) as c(
        event_id text, child text, child_class boolean, parent text, at timestamptz, op text)
      join inserted using (event_id)
      returning 1
    ),
    new_transactions as (
      insert into traceability.event_transactions (event_id, type, id)
      select t.event_id, t.type, t.id
      from jsonb_to_recordset(${sql.json(transactions as never)}) as t(event_id text, type text, id text)
      join inserted using (event_id)
      returning 1
    )
    select i.event_id,
           case when n.event_id is not null then 'NEW'
                when e.event_id is null or e.content_hash = i.content_hash then 'DUPLICATE'
                else 'CHANGED' end as outcome
    from incoming i
    left join inserted n using (event_id)
    left join traceability.events e using (event_id)`;
  return new Map(rows.map((row) => [row.event_id as string, row.outcome as WriteOutcome]));
}
