import { buildSubgraph, type BuiltSubgraph } from '@sw/kernel';
import { enterpriseReference } from './enterprise/enterprise.reference';
import { EnterpriseResolver } from './enterprise/enterprise.resolver';
import { personReference } from './person/person.reference';
import { PersonResolver } from './person/person.resolver';

/** The registry subgraph schema: the only place that lists its resolvers. */
export function buildRegistrySchema(): Promise<BuiltSubgraph> {
  return buildSubgraph({
    resolvers: [EnterpriseResolver, PersonResolver],
    referenceResolvers: { Enterprise: enterpriseReference, Person: personReference },
  });
}
