import { cbvProblem, cbvWord } from '../common/cbv';
import { parseCode, type ParsedCode } from '../common/codes';
import { EventAction, EventType } from './event.enums';

// The edge of trace capture: every event passes validateEvent before anything is written, and
// every problem is reported with its input path (`events[3].childEpcs[2]`) so that an integrator
// can fix the event and send it again. Past this line the writer trusts its values.

export interface Problem {
  field: string;
  message: string;
}

export interface Quantity {
  epcClass: string;
  quantity: number | null;
  uom: string | null;
}

export interface Party {
  type: string;
  id: string;
}

export interface Transaction {
  /** The bare CBV word, `declaration`, `waybill`, or null when the event gave no type. */
  type: string | null;
  id: string;
}

export type CodeRole = 'EPC' | 'PARENT' | 'CHILD' | 'INPUT' | 'OUTPUT';

export interface EventCode extends ParsedCode {
  role: CodeRole;
}

/** A validated event, as the writer stores it. */
export interface CapturedEvent {
  eventId: string;
  eventType: EventType;
  action: EventAction | null;
  eventTime: Date;
  eventTimeZoneOffset: string;
  bizStep: string | null;
  disposition: string | null;
  readPoint: string | null;
  bizLocation: string | null;
  parentId: string | null;
  transformationId: string | null;
  epcList: string[];
  childEpcs: string[];
  inputEpcList: string[];
  outputEpcList: string[];
  quantityList: Quantity[];
  childQuantityList: Quantity[];
  inputQuantityList: Quantity[];
  outputQuantityList: Quantity[];
  bizTransactionList: Transaction[];
  sourceList: Party[];
  destinationList: Party[];
  /** Every code the event names, by role (deduplicated): the edges of the trace graph. */
  codes: EventCode[];
}

/** An event with canonical (GraphQL) keys; values unchecked, as they came from GraphQL or a JSON document. */
export type RawEvent = Record<string, unknown>;

/** How the input spells each field, for error paths: GraphQL's camel case or the EPCIS JSON-LD names. */
export interface FieldNames {
  [canonical: string]: string;
}

export const GRAPHQL_NAMES: FieldNames = {};

/** EPCIS 2.0 JSON-LD spellings of the fields whose GraphQL names differ. */
export const EPCIS_NAMES: FieldNames = {
  eventId: 'eventID', eventType: 'type', parentId: 'parentID', childEpcs: 'childEPCs', inputEpcList: 'inputEPCList',
  outputEpcList: 'outputEPCList', transformationId: 'transformationID', readPoint: 'readPoint.id', bizLocation: 'bizLocation.id',
  'bizTransactionList.id': 'bizTransaction', 'sourceList.id': 'source', 'destinationList.id': 'destination',
};

export interface ValidationOptions {
  /** The event's own path, e.g. `events[3]`. */
  path: string;
  names: FieldNames;
  now: Date;
  /** How far ahead of `now` an event time may be (clock skew), in milliseconds. */
  futureToleranceMs: number;
  /** System-recorded milestones (clearance) may name only business transactions. */
  allowEmptyWhat?: boolean;
}

const MAX_PROBLEMS = 10;
export const MAX_LIST = 10_000;
const MAX_TEXT = 256;
const PRINTABLE = /^[\x21-\x7E]+$/;
const UOM = /^[A-Z0-9]{1,3}$/;
const EVENT_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

const WHAT_LISTS = ['epcList', 'childEpcs', 'inputEpcList', 'outputEpcList'] as const;
const QUANTITY_LISTS = ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList'] as const;

/** Which "what" fields each event type takes (EPCIS 2.0 §7.4). */
const APPLICABLE: Record<EventType, readonly string[]> = {
  [EventType.OBJECT]: ['epcList', 'quantityList'],
  [EventType.AGGREGATION]: ['parentId', 'childEpcs', 'childQuantityList'],
  [EventType.ASSOCIATION]: ['parentId', 'childEpcs', 'childQuantityList'],
  [EventType.TRANSACTION]: ['parentId', 'epcList', 'quantityList'],
  [EventType.TRANSFORMATION]: ['inputEpcList', 'inputQuantityList', 'outputEpcList', 'outputQuantityList', 'transformationId'],
};
const TYPES_TAKING: Record<string, string> = {
  epcList: 'OBJECT and TRANSACTION', quantityList: 'OBJECT and TRANSACTION', parentId: 'AGGREGATION, ASSOCIATION and TRANSACTION',
  childEpcs: 'AGGREGATION and ASSOCIATION', childQuantityList: 'AGGREGATION and ASSOCIATION', inputEpcList: 'TRANSFORMATION',
  inputQuantityList: 'TRANSFORMATION', outputEpcList: 'TRANSFORMATION', outputQuantityList: 'TRANSFORMATION', transformationId: 'TRANSFORMATION',
};

class Checker {
  readonly problems: Problem[] = [];
  constructor(private readonly options: ValidationOptions) {}

  /** The input path of a canonical field name, e.g. `events[3].childEpcs[2]`. */
  path(field: string, index?: number, sub?: string): string {
    const name = this.options.names[field] ?? field;
    const item = index === undefined ? '' : `[${index}]`;
    const subName = sub === undefined ? '' : `.${this.options.names[`${field}.${sub}`] ?? sub}`;
    return `${this.options.path}.${name}${item}${subName}`;
  }

  /** How the input spells a canonical field (childEPCs in an EPCIS document, childEpcs in GraphQL). */
  name(field: string): string {
    return this.options.names[field] ?? field;
  }

  problem(field: string, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ field, message });
  }
}

/** Validates one event; the event when it has no problem, and every problem found (up to ten). */
export function validateEvent(raw: RawEvent, options: ValidationOptions): { event?: CapturedEvent; problems: Problem[] } {
  const check = new Checker(options);
  const eventId = text(check, raw, 'eventId', true);
  const eventType = raw.eventType as EventType;
  if (!Object.values(EventType).includes(eventType)) {
    check.problem(check.path('eventType'), `'${String(raw.eventType)}' is not an EPCIS 2.0 event type (OBJECT, AGGREGATION, TRANSACTION, TRANSFORMATION, ASSOCIATION)`);
    return { problems: check.problems };
  }
  const action = validAction(check, raw, eventType);
  const { eventTime, offset } = validTimes(check, raw, options);

  for (const field of [...WHAT_LISTS, ...QUANTITY_LISTS, 'parentId', 'transformationId']) {
    const value = raw[field];
    const given = Array.isArray(value) ? value.length > 0 : value !== null && value !== undefined && value !== '';
    if (given && !APPLICABLE[eventType].includes(field)) {
      check.problem(check.path(field), `is not part of a ${eventType} event; only ${TYPES_TAKING[field]} events take it`);
    }
  }
  const codes: EventCode[] = [];
  const seen = new Set<string>();
  const addCode = (code: ParsedCode, role: CodeRole) => {
    if (seen.has(`${role} ${code.code}`)) return;
    seen.add(`${role} ${code.code}`);
    codes.push({ ...code, role });
  };
  const hasParent = raw.parentId !== null && raw.parentId !== undefined && raw.parentId !== '';
  const listRole = (field: string): CodeRole => {
    if (field === 'childEpcs' || field === 'childQuantityList') return 'CHILD';
    if (field.startsWith('input')) return 'INPUT';
    if (field.startsWith('output')) return 'OUTPUT';
    return eventType === EventType.TRANSACTION && hasParent ? 'CHILD' : 'EPC';
  };
  const applicable = (field: string) => APPLICABLE[eventType].includes(field);

  const lists = Object.fromEntries(WHAT_LISTS.map((field) => [field, applicable(field) ? epcs(check, raw, field, (code) => addCode(code, listRole(field))) : []])) as
    Record<(typeof WHAT_LISTS)[number], string[]>;
  const quantities = Object.fromEntries(QUANTITY_LISTS.map((field) =>
    [field, applicable(field) ? quantityList(check, raw, field, (code) => addCode(code, listRole(field))) : []])) as
    Record<(typeof QUANTITY_LISTS)[number], Quantity[]>;
  let parentId: string | null = null;
  if (applicable('parentId')) {
    parentId = codeField(check, raw, 'parentId', 'instance', (code) => addCode(code, 'PARENT'));
  }
  const transformationId = applicable('transformationId') ? text(check, raw, 'transformationId', false) : null;

  const bizStep = vocabulary(check, raw, 'bizStep', 'bizStep');
  const disposition = vocabulary(check, raw, 'disposition', 'disposition');
  const readPoint = codeField(check, raw, 'readPoint', 'any');
  const bizLocation = codeField(check, raw, 'bizLocation', 'any');
  const bizTransactionList = transactions(check, raw);
  const sourceList = parties(check, raw, 'sourceList');
  const destinationList = parties(check, raw, 'destinationList');

  // What each type must name (EPCIS 2.0 §7.4): checked only once the lists themselves are well-formed.
  if (check.problems.length === 0) {
    structure(check, { eventType, action, parentId, transformationId, lists, quantities, bizTransactionList, allowEmptyWhat: options.allowEmptyWhat ?? false });
  }
  if (check.problems.length > 0 || eventId === null || eventTime === null || offset === null) return { problems: check.problems };
  return {
    problems: [],
    event: {
      eventId, eventType, action, eventTime, eventTimeZoneOffset: offset, bizStep, disposition, readPoint, bizLocation, parentId, transformationId,
      ...lists, ...quantities, bizTransactionList, sourceList, destinationList, codes,
    },
  };
}

function validAction(check: Checker, raw: RawEvent, eventType: EventType): EventAction | null {
  const value = raw.action;
  if (eventType === EventType.TRANSFORMATION) {
    if (value !== null && value !== undefined) check.problem(check.path('action'), 'a TRANSFORMATION event has no action (EPCIS 2.0); leave it out');
    return null;
  }
  if (value === null || value === undefined) {
    check.problem(check.path('action'), `a ${eventType} event needs an action: ADD, OBSERVE or DELETE`);
    return null;
  }
  if (!Object.values(EventAction).includes(value as EventAction)) {
    check.problem(check.path('action'), `must be ADD, OBSERVE or DELETE, got '${String(value)}'`);
    return null;
  }
  return value as EventAction;
}

function validTimes(check: Checker, raw: RawEvent, options: ValidationOptions): { eventTime: Date | null; offset: string | null } {
  const value = raw.eventTime;
  let eventTime: Date | null = null;
  let ownOffset: string | null = null;
  if (typeof value !== 'string' || value === '') {
    check.problem(check.path('eventTime'), 'is required: ISO 8601 with a time-zone offset, e.g. 2026-11-20T09:30:00+08:00');
  } else {
    const parsed = parseEventTime(value);
    if ('problem' in parsed) check.problem(check.path('eventTime'), parsed.problem);
    else {
      eventTime = parsed.time;
      ownOffset = parsed.offset;
      const limit = options.now.getTime() + options.futureToleranceMs;
      if (eventTime.getTime() > limit) {
        check.problem(check.path('eventTime'), `${value} is in the future: more than ${Math.round(options.futureToleranceMs / 1000)} seconds after the `
          + `Single Window's clock (${options.now.toISOString()}); an event is captured once it has happened`);
        eventTime = null;
      }
    }
  }
  const given = raw.eventTimeZoneOffset;
  if (given === null || given === undefined || given === '') return { eventTime, offset: ownOffset };
  if (typeof given !== 'string' || offsetProblem(given)) {
    check.problem(check.path('eventTimeZoneOffset'), `must be ±hh:mm between -14:00 and +14:00, e.g. +08:00; got '${String(given)}'`);
    return { eventTime, offset: null };
  }
  return { eventTime, offset: given };
}

/** An ISO 8601 date-time that carries its offset (Z or ±hh:mm), as EPCIS requires; sub-millisecond digits are dropped. */
export function parseEventTime(value: string): { time: Date; offset: string } | { problem: string } {
  const form = 'must be an ISO 8601 date-time with its time-zone offset, e.g. 2026-11-20T09:30:00+08:00 or 2026-11-20T01:30:00Z';
  const match = EVENT_TIME.exec(value);
  if (!match) return { problem: `${form}; got '${value}'` };
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone] = match;
  const offset = zone === 'Z' ? '+00:00' : zone;
  if (offsetProblem(offset)) return { problem: `${form}; the offset ${zone} is outside -14:00 … +14:00` };
  const local = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second),
    fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0);
  const check = new Date(local);
  if (check.getUTCFullYear() !== Number(year) || check.getUTCMonth() !== Number(month) - 1 || check.getUTCDate() !== Number(day)
    || check.getUTCHours() !== Number(hour) || check.getUTCMinutes() !== Number(minute) || check.getUTCSeconds() !== Number(second)) {
    return { problem: `${form}; '${value}' is not a real date and time` };
  }
  const sign = offset.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return { time: new Date(local - minutes * 60_000), offset };
}

function offsetProblem(offset: string): boolean {
  const match = OFFSET.exec(offset);
  if (!match) return true;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return Number(match[3]) > 59 || minutes > 14 * 60;
}

function text(check: Checker, raw: RawEvent, field: string, required: boolean): string | null {
  const value = raw[field];
  if (value === null || value === undefined || value === '') {
    if (required) check.problem(check.path(field), 'is required');
    return null;
  }
  if (typeof value !== 'string') {
    check.problem(check.path(field), `must be a string, got ${JSON.stringify(value)}`);
    return null;
  }
  if (value.length > MAX_TEXT) {
    check.problem(check.path(field), `must be at most ${MAX_TEXT} characters, got ${value.length}`);
    return null;
  }
  if (!PRINTABLE.test(value)) {
    check.problem(check.path(field), `'${value}' must be printable ASCII without spaces (a URI such as urn:uuid:… or an identifier)`);
    return null;
  }
  return value;
}

type Level = 'instance' | 'class' | 'any';

function codeProblem(code: ParsedCode, level: Level): string | undefined {
  if (level === 'instance' && code.classLevel) {
    return `'${code.code}' names a class of objects (a batch or a product), not one object; put it in a quantity list with a quantity`;
  }
  if (level === 'class' && !code.classLevel && code.kind !== 'OTHER') {
    return `'${code.code}' names one object; epcClass takes a class: an LGTIN (urn:epc:class:lgtin:…), an SGTIN pattern or a GS1 Digital Link without serial`;
  }
  return undefined;
}

function codeField(check: Checker, raw: RawEvent, field: string, level: Level, add?: (code: ParsedCode) => void): string | null {
  const value = raw[field];
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') {
    check.problem(check.path(field), `must be a string, got ${JSON.stringify(value)}`);
    return null;
  }
  const parsed = parseCode(value);
  const problem = parsed.problem ?? codeProblem(parsed.code!, level);
  if (problem) {
    check.problem(check.path(field), problem);
    return null;
  }
  add?.(parsed.code!);
  return value;
}

function list(check: Checker, raw: RawEvent, field: string): unknown[] {
  const value = raw[field];
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) {
    check.problem(check.path(field), 'must be a list');
    return [];
  }
  if (value.length > MAX_LIST) {
    check.problem(check.path(field), `must hold at most ${MAX_LIST} entries, got ${value.length}; split the event`);
    return [];
  }
  return value;
}

function epcs(check: Checker, raw: RawEvent, field: string, add: (code: ParsedCode) => void): string[] {
  const found: string[] = [];
  list(check, raw, field).forEach((value, index) => {
    if (typeof value !== 'string') {
      check.problem(check.path(field, index), `must be a string, got ${JSON.stringify(value)}`);
      return;
    }
    const parsed = parseCode(value);
    const problem = parsed.problem ?? codeProblem(parsed.code!, 'instance');
    if (problem) check.problem(check.path(field, index), problem);
    else {
      add(parsed.code!);
      found.push(value);
    }
  });
  return found;
}

function quantityList(check: Checker, raw: RawEvent, field: string, add: (code: ParsedCode) => void): Quantity[] {
  const found: Quantity[] = [];
  list(check, raw, field).forEach((value, index) => {
    if (typeof value !== 'object' || value === null) {
      check.problem(check.path(field, index), 'must be a quantity element { epcClass, quantity, uom }');
      return;
    }
    const element = value as Record<string, unknown>;
    const epcClass = element.epcClass;
    let ok = true;
    if (typeof epcClass !== 'string') {
      check.problem(check.path(field, index, 'epcClass'), 'is required: the class of the objects (an LGTIN, an SGTIN pattern, a Digital Link without serial)');
      ok = false;
    } else {
      const parsed = parseCode(epcClass);
      const problem = parsed.problem ?? codeProblem(parsed.code!, 'class');
      if (problem) {
        check.problem(check.path(field, index, 'epcClass'), problem);
        ok = false;
      } else add({ ...parsed.code!, classLevel: true });
    }
    const quantity = element.quantity ?? null;
    if (quantity !== null && (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity < 0)) {
      check.problem(check.path(field, index, 'quantity'), `must be a number of at least 0, got ${JSON.stringify(quantity)}`);
      ok = false;
    }
    const uom = element.uom ?? null;
    if (uom !== null && (typeof uom !== 'string' || !UOM.test(uom))) {
      check.problem(check.path(field, index, 'uom'), `must be a UN/ECE Recommendation 20 unit code such as KGM or LTR, got ${JSON.stringify(uom)}`);
      ok = false;
    } else if (uom !== null && quantity === null) {
      check.problem(check.path(field, index, 'quantity'), `is required when uom is given (EPCIS 2.0)`);
      ok = false;
    }
    if (ok) found.push({ epcClass: epcClass as string, quantity: quantity as number | null, uom: uom as string | null });
  });
  return found;
}

function vocabulary(check: Checker, raw: RawEvent, field: string, name: 'bizStep' | 'disposition'): string | null {
  const value = raw[field];
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') {
    check.problem(check.path(field), `must be a string, got ${JSON.stringify(value)}`);
    return null;
  }
  const word = cbvWord(name, value);
  if (!word) check.problem(check.path(field), cbvProblem(name, value));
  return word ?? null;
}

function transactions(check: Checker, raw: RawEvent): Transaction[] {
  const found: Transaction[] = [];
  list(check, raw, 'bizTransactionList').forEach((value, index) => {
    const element = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const id = element.id;
    let type: string | null = null;
    if (element.type !== null && element.type !== undefined && element.type !== '') {
      if (typeof element.type !== 'string' || !(type = cbvWord('bizTransactionType', element.type) ?? null)) {
        check.problem(check.path('bizTransactionList', index, 'type'), cbvProblem('bizTransactionType', String(element.type)));
        return;
      }
    }
    if (typeof id !== 'string' || id === '' || id.length > MAX_TEXT || !PRINTABLE.test(id)) {
      check.problem(check.path('bizTransactionList', index, 'id'),
        `is required: the transaction's identifier (printable ASCII, at most ${MAX_TEXT} characters), got ${JSON.stringify(id ?? null)}`);
      return;
    }
    found.push({ type, id });
  });
  return found;
}

function parties(check: Checker, raw: RawEvent, field: 'sourceList' | 'destinationList'): Party[] {
  const found: Party[] = [];
  list(check, raw, field).forEach((value, index) => {
    const element = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const type = typeof element.type === 'string' ? cbvWord('sourceDestinationType', element.type) : undefined;
    if (!type) {
      check.problem(check.path(field, index, 'type'), cbvProblem('sourceDestinationType', String(element.type ?? '')));
      return;
    }
    const id = element.id;
    const parsed = typeof id === 'string' ? parseCode(id) : undefined;
    if (!parsed || parsed.problem) {
      check.problem(check.path(field, index, 'id'), parsed?.problem ?? 'is required: the party or location (an SGLN, a PGLN, a Digital Link …)');
      return;
    }
    found.push({ type, id: id as string });
  });
  return found;
}

interface Structure {
  eventType: EventType;
  action: EventAction | null;
  parentId: string | null;
  transformationId: string | null;
  lists: Record<(typeof WHAT_LISTS)[number], string[]>;
  quantities: Record<(typeof QUANTITY_LISTS)[number], Quantity[]>;
  bizTransactionList: Transaction[];
  allowEmptyWhat: boolean;
}

function structure(check: Checker, s: Structure): void {
  const children = s.lists.childEpcs.length + s.quantities.childQuantityList.length;
  switch (s.eventType) {
    case EventType.OBJECT:
      if (!s.allowEmptyWhat && s.lists.epcList.length + s.quantities.quantityList.length === 0) {
        check.problem(check.path('epcList'), `an OBJECT event names what it is about: give ${check.name('epcList')} or ${check.name('quantityList')}`);
      }
      return;
    case EventType.AGGREGATION:
    case EventType.ASSOCIATION:
      // EPCIS 2.0 §7.4.3/§7.4.6: parentID may be omitted only when observing; ADD names the children.
      if (s.parentId === null && (s.eventType === EventType.ASSOCIATION || s.action !== EventAction.OBSERVE)) {
        check.problem(check.path('parentId'), `a ${s.eventType} event with action ${s.action} needs ${check.name('parentId')}: the container or parent the children go with`);
      }
      if (s.action === EventAction.ADD && children === 0) {
        check.problem(check.path('childEpcs'), `ADD puts children into the parent: give ${check.name('childEpcs')} or ${check.name('childQuantityList')}`);
      }
      return;
    case EventType.TRANSACTION:
      if (s.bizTransactionList.length === 0) {
        check.problem(check.path('bizTransactionList'), 'a TRANSACTION event names at least one business transaction');
      }
      if (!s.allowEmptyWhat && s.lists.epcList.length + s.quantities.quantityList.length === 0) {
        check.problem(check.path('epcList'), `a TRANSACTION event names what it is about: give ${check.name('epcList')} or ${check.name('quantityList')}`);
      }
      return;
    case EventType.TRANSFORMATION: {
      const inputs = s.lists.inputEpcList.length + s.quantities.inputQuantityList.length;
      const outputs = s.lists.outputEpcList.length + s.quantities.outputQuantityList.length;
      // EPCIS 2.0 §7.4.5: without a transformationID one event carries the whole transformation.
      if (s.transformationId === null && (inputs === 0 || outputs === 0)) {
        check.problem(check.path(inputs === 0 ? 'inputEpcList' : 'outputEpcList'),
          `without ${check.name('transformationId')} a TRANSFORMATION event names at least one input and one output`);
      } else if (inputs + outputs === 0) {
        check.problem(check.path('inputEpcList'), 'a TRANSFORMATION event names inputs, outputs or both');
      }
      return;
    }
  }
}
