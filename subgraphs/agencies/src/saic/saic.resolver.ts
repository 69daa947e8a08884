import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { AgenciesContext } from '../context';
import { Enterprise } from '../enterprise/enterprise.type';
import { SaicRecord } from './saic.type';

@Resolver(() => Enterprise)
export class EnterpriseSaicResolver {
  @FieldResolver(() => SaicRecord, {
    nullable: true,
    description: 'What the market regulator publishes (credit publicity): public to every authenticated caller. Null when it has no record.',
  })
  @Directive('@authenticated')
  saic(@Root() enterprise: Enterprise, @Ctx() context: AgenciesContext) {
    return context.services.saic.record(enterprise.uscc, context);
  }
}
