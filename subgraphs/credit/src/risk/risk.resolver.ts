import { Arg, Ctx, Directive, Int, Query, Resolver } from 'type-graphql';
import type { CreditContext } from '../context';
import { RiskWarning, RiskWarningConnection } from './risk-warning.type';

@Resolver(() => RiskWarning)
export class RiskResolver {
  @Query(() => RiskWarningConnection, { description: 'Open risk warnings, newest first, with their evidence (regulators only).' })
  @Directive('@authenticated')
  riskWarnings(
    @Ctx() context: CreditContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return context.services.risk.openWarnings(first, after, context);
  }
}
