import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { AUTHENTICATED } from '../common/access';
import type { TraceabilityContext } from '../context';
import { ProductConnection, ProductFilter } from '../product/product.type';
import { Enterprise } from './enterprise.type';

@Resolver(() => Enterprise)
export class EnterpriseResolver {
  @FieldResolver(() => ProductConnection, { description: 'Products this enterprise filed, by SKU: the enterprise itself and regulators.' })
  @Directive(AUTHENTICATED)
  products(
    @Root() enterprise: Enterprise,
    @Ctx() context: TraceabilityContext,
    @Arg('filter', () => ProductFilter, { nullable: true }) filter?: ProductFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return context.services.products.list(filter, first, after, context, enterprise.uscc);
  }
}
