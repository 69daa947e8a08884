import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RegistryContext } from '../context';
import type { EnterpriseEntity } from './enterprise.entity';
import { AmendFilingInput, EnterpriseFilter, FileEnterpriseInput } from './enterprise.inputs';
import { Enterprise, EnterpriseConnection, Filing } from './enterprise.type';

@Resolver(() => Enterprise)
export class EnterpriseResolver {
  @Query(() => Enterprise, { nullable: true, description: 'An enterprise by its unified social credit code.' })
  @Directive('@authenticated')
  enterprise(@Arg('uscc', () => ID) uscc: string, @Ctx() context: RegistryContext) {
    return context.loaders.get(context.services.enterprises.byUscc).load(uscc);
  }

  @Query(() => EnterpriseConnection, { description: 'Filed enterprises, ordered by USCC.' })
  @Directive('@authenticated')
  enterprises(
    @Ctx() context: RegistryContext,
    @Arg('filter', () => EnterpriseFilter, { nullable: true }) filter?: EnterpriseFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return context.services.enterprises.list(filter, first, after);
  }

  @Mutation(() => Enterprise, { description: 'Files an enterprise once; every agency qualification starts ACTIVE.' })
  @Directive('@authenticated')
  fileEnterprise(@Arg('input', () => FileEnterpriseInput) input: FileEnterpriseInput, @Ctx() context: RegistryContext) {
    return context.services.enterprises.file(input, context);
  }

  @Mutation(() => Enterprise)
  @Directive('@authenticated')
  amendFiling(
    @Arg('uscc', () => ID) uscc: string,
    @Arg('input', () => AmendFilingInput) input: AmendFilingInput,
    @Ctx() context: RegistryContext,
  ) {
    return context.services.enterprises.amend(uscc, input, context);
  }

  @Mutation(() => Enterprise, { description: 'Revokes a filing and every agency qualification (regulators only).' })
  @Directive('@authenticated')
  revokeFiling(@Arg('uscc', () => ID) uscc: string, @Arg('reason', () => String) reason: string, @Ctx() context: RegistryContext) {
    return context.services.enterprises.revoke(uscc, reason, context);
  }

  @FieldResolver(() => Filing, { description: 'Visible to the enterprise itself and regulators. No DataScope covers the filing, so a partner does not see it even under a grant.' })
  filing(@Root() enterprise: EnterpriseEntity, @Ctx() context: RegistryContext) {
    return context.services.enterprises.filing(enterprise, context);
  }
}
