import { Arg, Ctx, Directive, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { AgenciesContext } from '../context';
import { Enterprise } from '../enterprise/enterprise.type';
import type { TaxProfileValue } from './tax.service';
import { ExportRebate, ExportRebateConnection, SubmitExportRebateInput, TaxProfile, VatExemption } from './tax.type';

@Resolver(() => Enterprise)
export class EnterpriseTaxResolver {
  @FieldResolver(() => TaxProfile, {
    nullable: true,
    description: 'What the tax bureau says: rating, VAT exemption, export rebates. The enterprise itself, regulators and partners it granted access.',
  })
  @Directive('@authenticated')
  tax(@Root() enterprise: Enterprise, @Ctx() context: AgenciesContext) {
    return context.services.tax.profile(enterprise.uscc, context);
  }
}

@Resolver(() => TaxProfile)
export class TaxProfileResolver {
  @FieldResolver(() => VatExemption, { nullable: true, description: 'Null when the bureau does not know the enterprise.' })
  vatExemption(@Root() profile: TaxProfileValue, @Ctx() context: AgenciesContext) {
    return context.services.tax.vatExemption(profile);
  }

  @FieldResolver(() => ExportRebateConnection, { nullable: true, description: 'Export-rebate declarations, newest first, with their status. A partner needs a grant with REBATE besides TAX.' })
  rebates(
    @Root() profile: TaxProfileValue,
    @Ctx() context: AgenciesContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return context.services.tax.rebates(profile, first, after, context);
  }
}

@Resolver(() => ExportRebate)
export class ExportRebateResolver {
  @Mutation(() => ExportRebate, {
    description: 'Hands an export-rebate declaration to the tax bureau (the enterprise itself or a regulator). The same requestId returns the same declaration; read its status in Enterprise.tax.rebates.',
  })
  @Directive('@authenticated')
  submitExportRebate(@Arg('input', () => SubmitExportRebateInput) input: SubmitExportRebateInput, @Ctx() context: AgenciesContext) {
    return context.services.tax.submit(input, context);
  }
}
