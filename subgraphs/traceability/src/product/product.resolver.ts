import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { AUTHENTICATED, TRACE_WRITE_DIRECTIVE } from '../common/access';
import type { TraceabilityContext } from '../context';
import { Enterprise, enterpriseRef } from '../enterprise/enterprise.type';
import type { ProductEntity } from './product.entity';
import { Product, ProductConnection, ProductFilter, ProductInput } from './product.type';

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, { nullable: true, description: 'A filed product: its owner and regulators.' })
  @Directive(AUTHENTICATED)
  product(@Arg('id', () => ID) id: string, @Ctx() context: TraceabilityContext) {
    return context.services.products.one(id, context);
  }

  @Query(() => ProductConnection, { description: 'Filed products ordered by owner and SKU: an enterprise sees its own, regulators all.' })
  @Directive(AUTHENTICATED)
  products(
    @Ctx() context: TraceabilityContext,
    @Arg('filter', () => ProductFilter, { nullable: true }) filter?: ProductFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return context.services.products.list(filter, first, after, context);
  }

  @Mutation(() => Product, { description: 'Files a product (商品备案, trace:write) for a filed enterprise: an ENTERPRISE for itself, a regulator for anyone.' })
  @Directive(AUTHENTICATED)
  @Directive(TRACE_WRITE_DIRECTIVE)
  fileProduct(@Arg('input', () => ProductInput) input: ProductInput, @Ctx() context: TraceabilityContext) {
    return context.services.products.file(input, context);
  }

  @FieldResolver(() => Enterprise, { description: 'The enterprise that filed the product and answers for it.' })
  owner(@Root() product: ProductEntity): Enterprise {
    return enterpriseRef(product.ownerUscc);
  }
}
