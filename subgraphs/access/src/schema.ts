import { buildSubgraph, type BuiltSubgraph } from '@sw/kernel';
import { apiKeyReference } from './api-key/api-key.reference';
import { ApiKeyResolver } from './api-key/api-key.resolver';
import { AuditResolver } from './audit/audit.resolver';
import { enterpriseReference } from './enterprise/enterprise.reference';
import { EnterpriseGrantsResolver, GrantResolver } from './grants/grant.resolver';

/** The access subgraph schema: the only place that lists its resolvers. */
export function buildAccessSchema(): Promise<BuiltSubgraph> {
  return buildSubgraph({
    resolvers: [ApiKeyResolver, AuditResolver, GrantResolver, EnterpriseGrantsResolver],
    referenceResolvers: { ApiKey: apiKeyReference, Enterprise: enterpriseReference },
  });
}
