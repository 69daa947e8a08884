import { Arg, Ctx, Directive, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { AUTHENTICATED } from '../common/access';
import type { TraceabilityContext } from '../context';
import { Enterprise, enterpriseRef } from '../enterprise/enterprise.type';
import { Declaration, Trace, TraceDirection } from './trace.type';

@Resolver(() => Trace)
export class TraceResolver {
  @Query(() => Trace, {
    nullable: true,
    description: 'The chain of a code (item, batch, parcel or waybill code), time-ordered: its own events, those of the containers that carried it '
      + 'and of what it was made from (or into). Null when no event the caller may read names it. An enterprise reads the events it recorded and '
      + 'those concerning its products; regulators all; partners none.',
  })
  @Directive(AUTHENTICATED)
  trace(
    @Arg('code', () => String) code: string,
    @Ctx() context: TraceabilityContext,
    @Arg('direction', () => TraceDirection, { defaultValue: TraceDirection.BOTH }) direction: TraceDirection,
  ) {
    return context.services.trace.trace(code, direction, context);
  }

  @FieldResolver(() => [Enterprise], { description: 'The enterprises involved: those the events were recorded for, their parties and the owners of the products they name.' })
  enterprises(@Root() trace: Trace): Enterprise[] {
    return trace.enterpriseUsccs.map(enterpriseRef);
  }

  @FieldResolver(() => [Declaration], { description: 'The customs declarations the events name.' })
  declarations(@Root() trace: Trace): Declaration[] {
    return trace.declarationIds.map((id) => ({ id }));
  }
}

@Resolver(() => Declaration)
export class DeclarationResolver {
  @FieldResolver(() => Trace, {
    nullable: true,
    description: 'The trace of the goods on this declaration: the events naming its id in bizTransactionList (declared, released …) and the chains of the codes they name.',
  })
  @Directive(AUTHENTICATED)
  trace(
    @Root() declaration: Declaration,
    @Ctx() context: TraceabilityContext,
    @Arg('direction', () => TraceDirection, { defaultValue: TraceDirection.BOTH }) direction: TraceDirection,
  ) {
    return context.services.trace.declarationTrace(declaration.id, direction, context);
  }
}
