import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { GranularityEnum, StatDimensionEnum, type StatDimension } from '../common/enums';
import type { Granularity } from '../common/periods';
import { DateScalar } from '../common/scalars';
import type { StatisticsContext } from '../context';
import { StatRow } from './trade.type';

@Resolver(() => StatRow)
export class TradeResolver {
  @Query(() => [StatRow], {
    description: 'Cleared CBEC trade per period from `from` to `to` (inclusive, Asia/Shanghai, up to today), optionally grouped; '
      + 'rows only for cells with trade. Every authenticated caller; others than regulators see cells of fewer than '
      + 'STATISTICS_MIN_ENTERPRISES enterprises pooled as OTHER (subgraphs/statistics/README.md).',
  })
  @Directive('@authenticated')
  tradeStatistics(
    @Ctx() context: StatisticsContext,
    @Arg('from', () => DateScalar) from: string,
    @Arg('to', () => DateScalar) to: string,
    @Arg('granularity', () => GranularityEnum, { nullable: true, defaultValue: 'MONTH' }) granularity?: Granularity | null,
    @Arg('groupBy', () => [StatDimensionEnum], { nullable: true }) groupBy?: StatDimension[] | null,
  ) {
    return context.services.trade.statistics({ from, to, granularity: granularity ?? 'MONTH', groupBy: groupBy ?? [] }, context);
  }
}
