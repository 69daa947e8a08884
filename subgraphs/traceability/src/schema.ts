import { buildSubgraph, type BuiltSubgraph } from '@sw/kernel';
import { enterpriseReference } from './enterprise/enterprise.reference';
import { EnterpriseResolver } from './enterprise/enterprise.resolver';
import { TraceEventResolver } from './event/event.resolver';
import { productReference } from './product/product.reference';
import { ProductResolver } from './product/product.resolver';
import { AffectedGoodsResolver, QualityRiskResolver, RecallResolver } from './quality/quality.resolver';
import { declarationReference } from './trace/declaration.reference';
import { DeclarationResolver, TraceResolver } from './trace/trace.resolver';

/** The traceability subgraph schema: the only place that lists its resolvers. */
export function buildTraceabilitySchema(): Promise<BuiltSubgraph> {
  return buildSubgraph({
    resolvers: [
      ProductResolver, EnterpriseResolver, TraceEventResolver, TraceResolver, DeclarationResolver,
      QualityRiskResolver, RecallResolver, AffectedGoodsResolver,
    ],
    referenceResolvers: { Enterprise: enterpriseReference, Product: productReference, Declaration: declarationReference },
  });
}
