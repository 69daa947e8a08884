import { buildSubgraph, type BuiltSubgraph } from '@sw/kernel';
import { enterpriseReference } from './enterprise/enterprise.reference';
import { EnterpriseCreditResolver } from './enterprise/enterprise.resolver';
import { NegativeListResolver } from './negative-list/negative-list.resolver';
import { CreditProfileResolver } from './profile/profile.resolver';
import { CreditRecordResolver } from './records/record.resolver';
import { RiskResolver } from './risk/risk.resolver';

/** The credit subgraph schema: the only place that lists its resolvers. */
export function buildCreditSchema(): Promise<BuiltSubgraph> {
  return buildSubgraph({
    resolvers: [EnterpriseCreditResolver, CreditProfileResolver, CreditRecordResolver, NegativeListResolver, RiskResolver],
    referenceResolvers: { Enterprise: enterpriseReference },
  });
}
