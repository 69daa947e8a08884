import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { CaptureSource, EventAction, EventType } from './event.enums';

export { CaptureSource, EventAction, EventType };

// The GS1 EPCIS 2.0 event model (ISO/IEC 19987:2024): what (EPCs, quantities), when (event time
// with its time-zone offset, record time), where (read point, business location) and why (business
// step, disposition, business transactions, sources and destinations). Field names are EPCIS's own,
// camel-cased as the partner contract writes ids (`eventId` for EPCIS `eventID`, `childEpcs` for
// `childEPCs`).

@ObjectType({ description: 'EPCIS quantityElement: an amount of a class of objects (a batch, a product).' })
export class QuantityElement {
  @Field({ description: 'The class: an LGTIN (batch), an SGTIN pattern or a GS1 Digital Link without serial, or another class code.' }) epcClass: string;
  @Field(() => Float, { nullable: true }) quantity: number | null;
  @Field(() => String, { nullable: true, description: 'UN/ECE Recommendation 20 unit code, e.g. KGM; absent for a count of items.' }) uom: string | null;
}

@ObjectType({ description: 'A business transaction the event belongs to.' })
export class BizTransaction {
  @Field(() => String, {
    nullable: true,
    description: 'CBV 2.0 type (po, bol, inv, desadv …) or the Single Window\'s declaration (customs declaration id) and waybill (logisticsNo).',
  }) type: string | null;
  @Field({ description: 'The transaction\'s identifier (EPCIS bizTransaction): an order no., a waybill no., a declaration id …' }) id: string;
}

@ObjectType({ description: 'EPCIS source or destination: the party or location goods came from or went to.' })
export class SourceDestination {
  @Field({ description: 'CBV 2.0: owning_party, possessing_party or location.' }) type: string;
  @Field() id: string;
}

@ObjectType({ description: 'One EPCIS 2.0 event as captured.' })
export class TraceEvent {
  @Field(() => ID, { description: 'EPCIS eventID: events are idempotent by it.' }) eventId: string;
  @Field(() => EventType) eventType: EventType;
  @Field(() => EventAction, { nullable: true }) action: EventAction | null;
  @Field({ description: 'When it happened (UTC); eventTimeZoneOffset is the local offset where it happened.' }) eventTime: Date;
  @Field({ description: 'The local time-zone offset at the event, e.g. +08:00.' }) eventTimeZoneOffset: string;
  @Field({ description: 'When the Single Window recorded it.' }) recordTime: Date;
  @Field(() => String, { nullable: true, description: 'CBV 2.0 business step, the bare word (shipping, packing …).' }) bizStep: string | null;
  @Field(() => String, { nullable: true, description: 'CBV 2.0 disposition, the bare word (in_transit, recalled …).' }) disposition: string | null;
  @Field(() => String, { nullable: true, description: 'Where it was observed (an SGLN, a GS1 Digital Link …).' }) readPoint: string | null;
  @Field(() => String, { nullable: true, description: 'Where the objects are afterwards.' }) bizLocation: string | null;
  @Field(() => [String]) epcList: string[];
  @Field(() => String, { nullable: true, description: 'EPCIS parentID (AGGREGATION, ASSOCIATION, TRANSACTION).' }) parentId: string | null;
  @Field(() => [String], { description: 'EPCIS childEPCs.' }) childEpcs: string[];
  @Field(() => [String], { description: 'EPCIS inputEPCList.' }) inputEpcList: string[];
  @Field(() => [String], { description: 'EPCIS outputEPCList.' }) outputEpcList: string[];
  @Field(() => [QuantityElement]) quantityList: QuantityElement[];
  @Field(() => [QuantityElement]) childQuantityList: QuantityElement[];
  @Field(() => [QuantityElement]) inputQuantityList: QuantityElement[];
  @Field(() => [QuantityElement]) outputQuantityList: QuantityElement[];
  @Field(() => String, { nullable: true, description: 'EPCIS transformationID: ties the inputs and outputs of several events to one transformation.' })
  transformationId: string | null;
  @Field(() => [BizTransaction]) bizTransactionList: BizTransaction[];
  @Field(() => [SourceDestination]) sourceList: SourceDestination[];
  @Field(() => [SourceDestination]) destinationList: SourceDestination[];
  @Field(() => CaptureSource) source: CaptureSource;
  /** Resolved by the event resolver from enterpriseUscc. */
  enterpriseUscc: string | null;
}

// ---- inputs ---------------------------------------------------------------------------------------
// Values a single event can get wrong are strings and checked per event, so that one bad event is
// reported in CaptureResult.rejected while the others are kept; a GraphQL type error (an unknown
// enum value, a number for a string) would refuse the whole batch.

@InputType({ description: 'EPCIS quantityElement.' })
export class QuantityInput {
  @Field() epcClass: string;
  @Field(() => Float, { nullable: true }) quantity?: number | null;
  @Field(() => String, { nullable: true, description: 'UN/ECE Recommendation 20 unit code (KGM, LTR …); omit for a count of items.' }) uom?: string | null;
}

@InputType()
export class BizTransactionInput {
  @Field(() => String, { nullable: true, description: 'po, bol, inv, desadv … (CBV 2.0), declaration or waybill; bare word or URI.' }) type?: string | null;
  @Field() id: string;
}

@InputType()
export class SourceDestinationInput {
  @Field({ description: 'owning_party, possessing_party or location (CBV 2.0).' }) type: string;
  @Field() id: string;
}

@InputType({ description: 'One EPCIS 2.0 event. Which lists apply depends on eventType, as in EPCIS.' })
export class TraceEventInput {
  @Field(() => ID, { description: 'EPCIS eventID, e.g. urn:uuid:… or ni:///sha-256;…: a second capture of the same id is a duplicate, not a new event.' }) eventId: string;
  @Field(() => EventType) eventType: EventType;
  @Field(() => EventAction, { nullable: true, description: 'Required except for TRANSFORMATION, which has none.' }) action?: EventAction | null;
  @Field({ description: 'ISO 8601 with its offset, e.g. 2026-11-20T09:30:00+08:00; at most 5 minutes (TRACE_FUTURE_TOLERANCE_SECONDS) ahead of the server.' })
  eventTime: string;
  @Field(() => String, { nullable: true, description: '±hh:mm; taken from eventTime when omitted.' }) eventTimeZoneOffset?: string | null;
  @Field(() => [String], { nullable: true }) epcList?: string[] | null;
  @Field(() => String, { nullable: true }) parentId?: string | null;
  @Field(() => [String], { nullable: true }) childEpcs?: string[] | null;
  @Field(() => [String], { nullable: true }) inputEpcList?: string[] | null;
  @Field(() => [String], { nullable: true }) outputEpcList?: string[] | null;
  @Field(() => [QuantityInput], { nullable: true }) quantityList?: QuantityInput[] | null;
  @Field(() => [QuantityInput], { nullable: true }) childQuantityList?: QuantityInput[] | null;
  @Field(() => [QuantityInput], { nullable: true }) inputQuantityList?: QuantityInput[] | null;
  @Field(() => [QuantityInput], { nullable: true }) outputQuantityList?: QuantityInput[] | null;
  @Field(() => String, { nullable: true }) transformationId?: string | null;
  @Field(() => String, { nullable: true, description: 'CBV 2.0 business step: the bare word, urn:epcglobal:cbv:bizstep:<word> or https://ref.gs1.org/cbv/BizStep-<word>.' })
  bizStep?: string | null;
  @Field(() => String, { nullable: true, description: 'CBV 2.0 disposition, spelled like bizStep.' }) disposition?: string | null;
  @Field(() => String, { nullable: true }) readPoint?: string | null;
  @Field(() => String, { nullable: true }) bizLocation?: string | null;
  @Field(() => [BizTransactionInput], { nullable: true }) bizTransactionList?: BizTransactionInput[] | null;
  @Field(() => [SourceDestinationInput], { nullable: true }) sourceList?: SourceDestinationInput[] | null;
  @Field(() => [SourceDestinationInput], { nullable: true }) destinationList?: SourceDestinationInput[] | null;
}

@ObjectType({ description: 'One problem with one event of a batch; the batch\'s other events are kept.' })
export class RejectedEvent {
  @Field(() => Int, { description: 'Position of the event in the batch (from 0).' }) index: number;
  @Field(() => String, { nullable: true }) eventId: string | null;
  @Field({ description: 'Input path of the offending value, e.g. events[3].bizStep.' }) field: string;
  @Field() message: string;
}

@ObjectType({ description: 'What a capture did with each event of the batch.' })
export class CaptureResult {
  @Field(() => Int, { description: 'Events recorded now.' }) accepted: number;
  @Field(() => Int, { description: 'Events already recorded with the same eventId and content: left as they were.' }) duplicates: number;
  @Field(() => Int, { description: 'Events refused (each has at least one entry in rejected).' }) rejectedCount: number;
  @Field(() => [RejectedEvent], { description: 'Every problem found, by event index; an event may have several.' }) rejected: RejectedEvent[];
}
