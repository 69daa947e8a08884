import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Directive, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { AUTHENTICATED, TRACE_WRITE_DIRECTIVE } from '../common/access';
import type { TraceabilityContext } from '../context';
import { Enterprise, enterpriseRef } from '../enterprise/enterprise.type';
import { CaptureResult, TraceEvent, TraceEventInput } from './event.type';

const ENTERPRISE_ARGUMENT = 'USCC the events are recorded for: an ENTERPRISE caller\'s own (the default); a regulator may name a filed enterprise or none.';

@Resolver(() => TraceEvent)
export class TraceEventResolver {
  @Mutation(() => CaptureResult, {
    description: 'Captures a batch of EPCIS 2.0 events (trace:write; thousands per call). Each event is validated on its own: the valid ones are '
      + 'recorded, a known eventId is a duplicate (nothing changes), and every problem is reported by index and input path.',
  })
  @Directive(AUTHENTICATED)
  @Directive(TRACE_WRITE_DIRECTIVE)
  captureTraceEvents(
    @Arg('events', () => [TraceEventInput]) events: TraceEventInput[],
    @Ctx() context: TraceabilityContext,
    @Arg('enterprise', () => ID, { nullable: true, description: ENTERPRISE_ARGUMENT }) enterprise?: string,
  ) {
    return context.services.capture.capture(events, enterprise, context);
  }

  @Mutation(() => CaptureResult, {
    description: 'Imports an EPCIS 2.0 JSON-LD document (EPCISDocument or EPCISQueryDocument; trace:write): its epcisBody.eventList is captured '
      + 'as captureTraceEvents would, with problems named by their path in the document.',
  })
  @Directive(AUTHENTICATED)
  @Directive(TRACE_WRITE_DIRECTIVE)
  importEpcisDocument(
    @Arg('document', () => GraphQLJSONObject) document: Record<string, unknown>,
    @Ctx() context: TraceabilityContext,
    @Arg('enterprise', () => ID, { nullable: true, description: ENTERPRISE_ARGUMENT }) enterprise?: string,
  ) {
    return context.services.capture.importDocument(document, enterprise, context);
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: 'The enterprise the event was recorded for.' })
  enterprise(@Root() event: TraceEvent): Enterprise | null {
    return event.enterpriseUscc ? enterpriseRef(event.enterpriseUscc) : null;
  }
}
