import type { BuiltSubgraph } from '@sw/kernel';
import { buildAccessSchema } from '@sw/access';
import { buildCreditSchema } from '@sw/credit';
import { buildAgenciesSchema } from '@sw/agencies';
import { buildClearanceSchema } from '@sw/clearance';
import { buildLogisticsSchema } from '@sw/logistics';
import { buildRegistrySchema } from '@sw/registry';
import { buildStatisticsSchema } from '@sw/statistics';
import { buildTraceabilitySchema } from '@sw/traceability';

export interface SubgraphSource {
  /** Lower-case; the supergraph's join__Graph and the gateway's SUBGRAPH_URL_<NAME> use it. */
  name: string;
  /** The local default; the gateway can override it per subgraph. */
  url: string;
  build: () => Promise<BuiltSubgraph>;
}

/**
 * Every subgraph composed into the supergraph, in composition order. A new subgraph is
 * added here and nowhere else; `npm run schema` then writes its SDL and the supergraph.
 */
export const subgraphs: SubgraphSource[] = [
  { name: 'registry', url: 'http://localhost:4001/graphql', build: buildRegistrySchema },
  { name: 'access', url: 'http://localhost:4002/graphql', build: buildAccessSchema },
  { name: 'agencies', url: 'http://localhost:4003/graphql', build: buildAgenciesSchema },
  { name: 'credit', url: 'http://localhost:4004/graphql', build: buildCreditSchema },
  { name: 'clearance', url: 'http://localhost:4005/graphql', build: buildClearanceSchema },
  { name: 'statistics', url: 'http://localhost:4007/graphql', build: buildStatisticsSchema },
  { name: 'traceability', url: 'http://localhost:4006/graphql', build: buildTraceabilitySchema },
  { name: 'logistics', url: 'http://localhost:4008/graphql', build: buildLogisticsSchema },
];
