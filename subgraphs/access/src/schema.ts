import { buildSubgraph, type BuiltSubgraph } from '@sw/kernel';
import { apiKeyReference } from './api-key/api-key.reference';
import { ApiKeyResolver } from './api-key/api-key.resolver';
import { AuditResolver } from './audit/audit.resolver';

/** The access subgraph schema: the only place that lists its resolvers. */
export function buildAccessSchema(): Promise<BuiltSubgraph> {
  return buildSubgraph({
    resolvers: [ApiKeyResolver, AuditResolver],
    referenceResolvers: { ApiKey: apiKeyReference },
  });
}
