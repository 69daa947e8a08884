import { createHash } from 'node:crypto';
import { badInput } from '@sw/kernel';
import { EventType } from './event.enums';
import type { Problem, RawEvent } from './event.validation';

// The EPCIS 2.0 JSON-LD binding (GS1 EPCIS 2.0 §12, epcis-json-schema.json): an EPCISDocument
// (or the EPCISQueryDocument a query answers with) carries its events in epcisBody.eventList, each
// with `type` ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent or
// AssociationEvent. This module only reshapes a document into the canonical event fields that
// captureTraceEvents validates; it checks the shape of what it reads and nothing more.

const EVENT_TYPES: Record<string, EventType> = {
  ObjectEvent: EventType.OBJECT,
  AggregationEvent: EventType.AGGREGATION,
  TransactionEvent: EventType.TRANSACTION,
  TransformationEvent: EventType.TRANSFORMATION,
  AssociationEvent: EventType.ASSOCIATION,
};

/** EPCIS JSON keys that map one-to-one onto canonical fields. */
const RENAMES: Record<string, string> = {
  eventID: 'eventId', parentID: 'parentId', childEPCs: 'childEpcs', inputEPCList: 'inputEpcList', outputEPCList: 'outputEpcList',
  transformationID: 'transformationId', action: 'action', eventTime: 'eventTime', eventTimeZoneOffset: 'eventTimeZoneOffset',
  epcList: 'epcList', quantityList: 'quantityList', childQuantityList: 'childQuantityList', inputQuantityList: 'inputQuantityList',
  outputQuantityList: 'outputQuantityList', bizStep: 'bizStep', disposition: 'disposition',
};

export interface DocumentEvent {
  /** Path of the event in the document, e.g. `document.epcisBody.eventList[3]`. */
  path: string;
  raw: RawEvent;
  /** Shape problems found while reading (an unknown event type, a readPoint that is not { id }). */
  problems: Problem[];
}

/** The events of an EPCIS 2.0 document, or BAD_USER_INPUT naming what is not an EPCIS document. */
export function eventsOfDocument(document: Record<string, unknown>, field = 'document'): DocumentEvent[] {
  const type = document.type;
  if (type !== 'EPCISDocument' && type !== 'EPCISQueryDocument') {
    throw badInput(`${field}.type`, `must be EPCISDocument (or EPCISQueryDocument), got ${JSON.stringify(type ?? null)}`);
  }
  const version = String(document.schemaVersion ?? '');
  if (!/^2(\.0(\.\d+)?)?$/.test(version)) {
    throw badInput(`${field}.schemaVersion`, `must be 2.0 (this is an EPCIS 2.0 import), got ${JSON.stringify(document.schemaVersion ?? null)}`);
  }
  const body = document.epcisBody as Record<string, unknown> | undefined;
  let listPath = `${field}.epcisBody.eventList`;
  let list: unknown = body?.eventList;
  if (type === 'EPCISQueryDocument') {
    listPath = `${field}.epcisBody.queryResults.resultsBody.eventList`;
    list = ((body?.queryResults as Record<string, unknown> | undefined)?.resultsBody as Record<string, unknown> | undefined)?.eventList;
  }
  if (!Array.isArray(list)) throw badInput(listPath, 'must be the list of events');
  return list.map((event, index) => readEvent(event, `${listPath}[${index}]`));
}

function readEvent(value: unknown, path: string): DocumentEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { path, raw: {}, problems: [{ field: path, message: 'must be an EPCIS event object' }] };
  }
  const event = value as Record<string, unknown>;
  const problems: Problem[] = [];
  const raw: RawEvent = {};
  for (const [from, to] of Object.entries(RENAMES)) if (event[from] !== undefined) raw[to] = event[from];
  const eventType = EVENT_TYPES[String(event.type)];
  if (!eventType) {
    problems.push({ field: `${path}.type`, message: `must be one of ${Object.keys(EVENT_TYPES).join(', ')}, got ${JSON.stringify(event.type ?? null)}` });
  }
  raw.eventType = eventType;
  for (const where of ['readPoint', 'bizLocation'] as const) {
    const location = event[where];
    if (location === undefined || location === null) continue;
    if (typeof location !== 'object' || typeof (location as { id?: unknown }).id !== 'string') {
      problems.push({ field: `${path}.${where}`, message: 'must be an object with an id, e.g. { "id": "urn:epc:id:sgln:0614141.00777.0" }' });
    } else raw[where] = (location as { id: string }).id;
  }
  raw.bizTransactionList = pairs(event.bizTransactionList, 'bizTransaction');
  raw.sourceList = pairs(event.sourceList, 'source');
  raw.destinationList = pairs(event.destinationList, 'destination');
  // EPCIS 2.0 makes eventID optional; the Single Window needs one for idempotency, so an event
  // without one gets an id derived from its content: the same event sent twice is the same id.
  if (raw.eventId === undefined) raw.eventId = `urn:sw:epcis-event:sha-256:${contentDigest(event)}`;
  return { path, raw, problems };
}

/** EPCIS `{ type, bizTransaction }` / `{ type, source }` lists as canonical `{ type, id }`; other shapes pass through for the validator to refuse. */
function pairs(value: unknown, idKey: string): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((element) => (typeof element === 'object' && element !== null
    ? { type: (element as Record<string, unknown>).type, id: (element as Record<string, unknown>)[idKey] }
    : element));
}

/**
 * SHA-256 of the event's JSON with its keys sorted. Not the CBV 2.0 event hash (ni:///sha-256;…),
 * which canonicalises values too; it only has to be stable for the same document.
 */
export function contentDigest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
