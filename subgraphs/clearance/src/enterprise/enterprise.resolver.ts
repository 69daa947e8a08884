import { assertMayReadEnterprise } from '@sw/kernel';
import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { ClearanceContext } from '../context';
import { DeclarationFilter } from '../declaration/declaration.inputs';
import { DeclarationConnection } from '../declaration/declaration.type';
import { Enterprise } from './enterprise.type';

@Resolver(() => Enterprise)
export class EnterpriseResolver {
  @FieldResolver(() => DeclarationConnection, {
    description: 'Declarations (both directions) this enterprise is a party to in any role, newest first. Visible to the enterprise itself and regulators.',
  })
  @Directive('@authenticated')
  declarations(
    @Root() enterprise: Enterprise,
    @Ctx() context: ClearanceContext,
    @Arg('filter', () => DeclarationFilter, { nullable: true }) filter?: DeclarationFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    // Partners get no grant here yet (DataScope DECLARATIONS comes with the access grants).
    assertMayReadEnterprise(context.identity, enterprise.uscc, 'the declarations');
    return context.services.reads.list(filter, first, after, context, enterprise.uscc);
  }
}
