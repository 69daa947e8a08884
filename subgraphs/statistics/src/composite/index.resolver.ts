import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import type { StatisticsContext } from '../context';
import { CompositeIndex } from './index.type';

@Resolver(() => CompositeIndex)
export class IndexResolver {
  @Query(() => CompositeIndex, {
    nullable: true,
    description: 'The composite CBEC index of a month (YYYY-MM; INDEX.md): a closed month answers its published figure, the current month a provisional one, a later month null.',
  })
  @Directive('@authenticated')
  compositeIndex(@Arg('period', () => String, { description: 'A month, e.g. 2026-11.' }) period: string, @Ctx() context: StatisticsContext) {
    return context.services.index.compositeIndex(period, context);
  }
}
