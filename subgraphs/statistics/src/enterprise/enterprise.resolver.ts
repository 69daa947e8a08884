import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { StatisticsContext } from '../context';
import { TradeSummary } from '../trade/trade.type';
import { Enterprise } from './enterprise.type';

@Resolver(() => Enterprise)
export class EnterpriseTradeResolver {
  @FieldResolver(() => TradeSummary, {
    nullable: true,
    description: 'Cleared trade of the enterprise as the declaring e-commerce enterprise in a calendar year (default: this year). '
      + 'For the enterprise itself and regulators; FORBIDDEN to anyone else.',
  })
  @Directive('@authenticated')
  tradeSummary(
    @Root() enterprise: Enterprise,
    @Ctx() context: StatisticsContext,
    @Arg('year', () => Int, { nullable: true }) year?: number | null,
  ) {
    return context.services.trade.summary(enterprise.uscc, year ?? undefined, context);
  }
}
