import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { AccessContext } from '../context';
import { Enterprise } from '../enterprise/enterprise.type';
import { DataAccessGrant, DataAccessLogConnection, GrantDataAccessInput } from './grant.type';

@Resolver(() => DataAccessGrant)
export class GrantResolver {
  @Mutation(() => DataAccessGrant, {
    description: 'Lets a partner enterprise read scopes of an enterprise\'s data until a time (the enterprise itself or a regulator). Each subgraph enforces it within moments; every read under it is in Enterprise.dataAccessLog.',
  })
  @Directive('@authenticated')
  grantDataAccess(@Arg('input', () => GrantDataAccessInput) input: GrantDataAccessInput, @Ctx() context: AccessContext) {
    return context.services.grants.grant(input, context);
  }

  @Mutation(() => DataAccessGrant, {
    description: 'Revokes a grant (the enterprise that gave it or a regulator); revoking it again answers it unchanged.',
  })
  @Directive('@authenticated')
  revokeDataAccess(@Arg('id', () => ID) id: string, @Ctx() context: AccessContext) {
    return context.services.grants.revoke(id, context);
  }
}

@Resolver(() => Enterprise)
export class EnterpriseGrantsResolver {
  @FieldResolver(() => [DataAccessGrant], {
    description: 'The grants the enterprise gave partners, newest first, revoked and expired ones included: for the enterprise itself and regulators; a partner sees those given to it.',
  })
  @Directive('@authenticated')
  dataAccessGrants(@Root() enterprise: Enterprise, @Ctx() context: AccessContext) {
    return context.services.grants.grantsOf(enterprise.uscc, context);
  }

  @FieldResolver(() => DataAccessLogConnection, {
    description: 'Every read of the enterprise\'s data by a partner under a grant, newest first: for the enterprise itself and regulators.',
  })
  @Directive('@authenticated')
  dataAccessLog(
    @Root() enterprise: Enterprise,
    @Ctx() context: AccessContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return context.services.grants.log(enterprise.uscc, first, after, context);
  }
}
