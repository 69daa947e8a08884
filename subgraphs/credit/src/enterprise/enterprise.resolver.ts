import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CreditContext } from '../context';
import { CreditProfile } from '../profile/profile.type';
import { Enterprise } from './enterprise.type';

@Resolver(() => Enterprise)
export class EnterpriseCreditResolver {
  @FieldResolver(() => CreditProfile, { description: 'Credit profile (METHOD.md). Grade and onNegativeList are public; the rest is for the enterprise itself, regulators and partners under its grant (CREDIT; RISK for riskClass).' })
  @Directive('@authenticated')
  credit(@Root() enterprise: Enterprise, @Ctx() context: CreditContext) {
    return context.services.profiles.profileOf(enterprise.uscc, context);
  }
}
