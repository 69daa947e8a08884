import type { CaptureSource, EventAction, EventType, TraceEvent } from './event.type';

/** The columns of traceability.events that a TraceEvent is made of. */
export const EVENT_COLUMNS = `e.event_id, e.event_type, e.action, e.event_time, e.event_time_zone_offset, e.record_time, e.biz_step,
  e.disposition, e.read_point, e.biz_location, e.parent_id, e.transformation_id, e.body, e.enterprise_uscc, e.source`;

export interface EventRow {
  event_id: string;
  event_type: string;
  action: string | null;
  event_time: Date;
  event_time_zone_offset: string;
  record_time: Date;
  biz_step: string | null;
  disposition: string | null;
  read_point: string | null;
  biz_location: string | null;
  parent_id: string | null;
  transformation_id: string | null;
  body: Record<string, unknown[] | undefined>;
  enterprise_uscc: string | null;
  source: string;
}

const list = <T>(value: unknown[] | undefined) => (value ?? []) as T[];

export function traceEventOf(row: EventRow): TraceEvent {
  const body = row.body ?? {};
  return {
    eventId: row.event_id,
    eventType: row.event_type as EventType,
    action: row.action as EventAction | null,
    eventTime: row.event_time,
    eventTimeZoneOffset: row.event_time_zone_offset,
    recordTime: row.record_time,
    bizStep: row.biz_step,
    disposition: row.disposition,
    readPoint: row.read_point,
    bizLocation: row.biz_location,
    parentId: row.parent_id,
    transformationId: row.transformation_id,
    epcList: list(body.epcList),
    childEpcs: list(body.childEpcs),
    inputEpcList: list(body.inputEpcList),
    outputEpcList: list(body.outputEpcList),
    quantityList: list(body.quantityList),
    childQuantityList: list(body.childQuantityList),
    inputQuantityList: list(body.inputQuantityList),
    outputQuantityList: list(body.outputQuantityList),
    bizTransactionList: list(body.bizTransactionList),
    sourceList: list(body.sourceList),
    destinationList: list(body.destinationList),
    source: row.source as CaptureSource,
    enterpriseUscc: row.enterprise_uscc ? row.enterprise_uscc.trim() : null,
  };
}
