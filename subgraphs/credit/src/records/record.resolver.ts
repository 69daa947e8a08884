import { Arg, Ctx, Directive, Mutation, Resolver } from 'type-graphql';
import type { CreditContext } from '../context';
import { CreditEventInput, CreditRecord } from './record.type';

// The gateway enforces these before calling the subgraph; the service checks again.
export const CREDIT_WRITE_DIRECTIVE = '@requiresScopes(scopes: [["credit:write"]])';

@Resolver(() => CreditRecord)
export class CreditRecordResolver {
  @Mutation(() => CreditRecord, { description: 'Records a regulator\'s decision about a filed enterprise (credit:write, regulators); its profile is recomputed at once.' })
  @Directive('@authenticated')
  @Directive(CREDIT_WRITE_DIRECTIVE)
  recordCreditEvent(@Arg('input', () => CreditEventInput) input: CreditEventInput, @Ctx() context: CreditContext) {
    return context.services.records.record(input, context);
  }
}
