import { Arg, Ctx, FieldResolver, Float, Int, Resolver, Root } from 'type-graphql';
import { CustomsCreditClassEnum, RiskClassEnum, TaxRatingEnum } from '../common/enums';
import type { CreditContext } from '../context';
import { CreditRecordConnection } from '../records/record.type';
import { CreditFactor, CreditProfile, GradeChange, Supervision, type ProfileView } from './profile.type';

/** Every field here is for the enterprise itself, regulators and partners under its grant (CREDIT; RISK for riskClass); the service says FORBIDDEN to anyone else. */
@Resolver(() => CreditProfile)
export class CreditProfileResolver {
  @FieldResolver(() => CustomsCreditClassEnum, { description: 'Customs credit level (GACC Order 282), as derived by METHOD.md.' })
  customsClass(@Root() profile: ProfileView, @Ctx() context: CreditContext) {
    return context.services.profiles.visible(profile, context, 'customsClass', profile.customsClass);
  }

  @FieldResolver(() => TaxRatingEnum, { nullable: true, description: 'Latest tax credit rating; null until the tax bureau\'s rating has reached credit.' })
  taxRating(@Root() profile: ProfileView, @Ctx() context: CreditContext) {
    return context.services.profiles.visible(profile, context, 'taxRating', profile.taxRating);
  }

  @FieldResolver(() => Float, { description: 'Points 0..100, the sum of the factors\' contributions.' })
  score(@Root() profile: ProfileView, @Ctx() context: CreditContext) {
    return context.services.profiles.visible(profile, context, 'score', profile.score);
  }

  @FieldResolver(() => [CreditFactor], { description: 'Why the score is what it is: the base first, then by size of contribution.' })
  factors(@Root() profile: ProfileView, @Ctx() context: CreditContext) {
    return context.services.profiles.visible(profile, context, 'factors', profile.factors);
  }

  @FieldResolver(() => CreditRecordConnection, { description: 'Every record about the enterprise, newest first.' })
  records(
    @Root() profile: ProfileView,
    @Ctx() context: CreditContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return context.services.records.page(profile, first, after, context);
  }

  @FieldResolver(() => [GradeChange], { description: 'Changes of grade or customs class, oldest first.' })
  history(@Root() profile: ProfileView, @Ctx() context: CreditContext) {
    return context.services.profiles.history(profile, context);
  }

  @FieldResolver(() => Supervision)
  supervision(@Root() profile: ProfileView, @Ctx() context: CreditContext) {
    return context.services.profiles.visible(profile, context, 'supervision', profile.supervision);
  }

  @FieldResolver(() => RiskClassEnum)
  riskClass(@Root() profile: ProfileView, @Ctx() context: CreditContext) {
    return context.services.profiles.visible(profile, context, 'riskClass', profile.riskClass);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the profile was last computed; null while nothing about the enterprise has reached credit (the baseline).' })
  computedAt(@Root() profile: ProfileView, @Ctx() context: CreditContext) {
    return context.services.profiles.visible(profile, context, 'computedAt', profile.computedAt);
  }
}
