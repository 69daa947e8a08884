import { Arg, Ctx, Directive, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { CreditContext } from '../context';
import { CREDIT_WRITE_DIRECTIVE } from '../records/record.resolver';
import { NegativeDelistingInput, NegativeListConnection, NegativeListEntry, NegativeListingInput } from './negative-list.type';

@Resolver(() => NegativeListEntry)
export class NegativeListResolver {
  @Query(() => NegativeListConnection, { description: 'Subjects on the negative list, newest listing first. Public to every authenticated caller.' })
  @Directive('@authenticated')
  negativeList(
    @Ctx() context: CreditContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('includeDelisted', () => Boolean, { nullable: true, defaultValue: false, description: 'Past listings too.' }) includeDelisted?: boolean,
  ) {
    return context.services.negativeList.list(first, after, includeDelisted ?? false, context);
  }

  @Mutation(() => NegativeListEntry, { description: 'Puts a filed enterprise on the negative list (credit:write, regulators); publishes credit.negative-list.listed.' })
  @Directive('@authenticated')
  @Directive(CREDIT_WRITE_DIRECTIVE)
  listOnNegativeList(@Arg('input', () => NegativeListingInput) input: NegativeListingInput, @Ctx() context: CreditContext) {
    return context.services.negativeList.listOn(input, context);
  }

  @Mutation(() => NegativeListEntry, { description: 'Takes an enterprise off the negative list (credit:write, regulators); publishes credit.negative-list.delisted.' })
  @Directive('@authenticated')
  @Directive(CREDIT_WRITE_DIRECTIVE)
  delistFromNegativeList(@Arg('input', () => NegativeDelistingInput) input: NegativeDelistingInput, @Ctx() context: CreditContext) {
    return context.services.negativeList.delist(input, context);
  }
}
