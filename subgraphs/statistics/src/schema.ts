import { buildSubgraph, type BuiltSubgraph } from '@sw/kernel';
import { enterpriseReference } from './enterprise/enterprise.reference';
import { EnterpriseTradeResolver } from './enterprise/enterprise.resolver';
import { Enterprise } from './enterprise/enterprise.type';
import { IndexResolver } from './composite/index.resolver';
import { TargetsResolver } from './targets/targets.resolver';
import { TradeResolver } from './trade/trade.resolver';

/** The statistics subgraph schema: the only place that lists its resolvers. */
export function buildStatisticsSchema(): Promise<BuiltSubgraph> {
  return buildSubgraph({
    resolvers: [TradeResolver, EnterpriseTradeResolver, IndexResolver, TargetsResolver],
    referenceResolvers: { Enterprise: enterpriseReference },
    // Nothing here returns an Enterprise; it is the entity this subgraph extends with tradeSummary.
    orphanedTypes: [Enterprise],
  });
}
