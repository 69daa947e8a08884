import { Arg, Ctx, Directive, Mutation, Query, Resolver } from 'type-graphql';
import { DateScalar, DecimalScalar } from '../common/scalars';
import type { StatisticsContext } from '../context';
import { TargetProgress } from './targets.type';

@Resolver(() => TargetProgress)
export class TargetsResolver {
  @Query(() => [TargetProgress], { description: 'Progress against the pilot zone\'s development targets, measured where the system can and entered by regulators otherwise.' })
  @Directive('@authenticated')
  pilotTargets(@Ctx() context: StatisticsContext) {
    return context.services.targets.list(context);
  }

  @Mutation(() => TargetProgress, {
    description: 'Enters where the zone stands on a target the system does not measure (PUBLIC_OVERSEAS_WAREHOUSES, TRAINING_BASES, '
      + 'DEMONSTRATION_PARKS); the entry with the latest asOf counts. Regulators only.',
  })
  @Directive('@authenticated')
  recordTargetProgress(
    @Arg('key', () => String) key: string,
    @Arg('actual', () => DecimalScalar, { description: 'The figure: a whole number for counts.' }) actual: string,
    @Arg('asOf', () => DateScalar, { description: 'The day the figure stands for; not after today.' }) asOf: string,
    @Ctx() context: StatisticsContext,
  ) {
    return context.services.targets.record(key, actual, asOf, context);
  }
}
