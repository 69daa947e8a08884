import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { TraceEvent } from '../event/event.type';

export enum TraceDirection { FORWARD = 'FORWARD', BACKWARD = 'BACKWARD', BOTH = 'BOTH' }
registerEnumType(TraceDirection, {
  name: 'TraceDirection',
  description: 'Which way a trace walks the graph from its code.',
  valuesConfig: {
    FORWARD: { description: 'Where it went: the containers that carried it while inside (item → case → parcel → container) and what was made from it.' },
    BACKWARD: { description: 'Where it came from: what it was made from and, for a container, what it held; with the containers that carried those.' },
    BOTH: { description: 'Both ways (the default).' },
  },
});

@ObjectType({ description: 'The chain of a code: its own events and those of its containers and inputs (or outputs), time-ordered.' })
export class Trace {
  @Field({ description: 'The code traced (an item, batch, parcel or waybill code), or the declaration id for Declaration.trace.' }) code: string;
  @Field(() => TraceDirection) direction: TraceDirection;
  @Field(() => [TraceEvent], { description: 'Oldest first; only the events the caller may read.' }) events: TraceEvent[];
  @Field({ description: 'True when the chain has more events than TRACE_MAX_EVENTS; events holds the oldest.' }) truncated: boolean;
  /** Resolved by the trace resolver. */
  enterpriseUsccs: string[];
  declarationIds: string[];
}

/** The clearance subgraph owns `Declaration`; traceability adds its trace, found by the declaration id in bizTransactionList. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Declaration {
  @Field(() => ID) id: string;
}
