import { buildSubgraph, type BuiltSubgraph } from '@sw/kernel';
import { enterpriseReference } from './enterprise/enterprise.reference';
import { Enterprise } from './enterprise/enterprise.type';
import { IdentityResolver } from './public-security/identity.resolver';
import { EnterpriseSaicResolver } from './saic/saic.resolver';
import { EnterpriseTaxResolver, ExportRebateResolver, TaxProfileResolver } from './tax/tax.resolver';

/** The agencies subgraph schema: the only place that lists its resolvers. */
export function buildAgenciesSchema(): Promise<BuiltSubgraph> {
  return buildSubgraph({
    resolvers: [EnterpriseSaicResolver, EnterpriseTaxResolver, TaxProfileResolver, ExportRebateResolver, IdentityResolver],
    referenceResolvers: { Enterprise: enterpriseReference },
    // Reached only through federation's _entities, which type-graphql does not see.
    orphanedTypes: [Enterprise],
  });
}
