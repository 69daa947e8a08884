import type { RequestContext } from '@sw/kernel';
import type { ApiKeyService } from './api-key/api-key.service';
import type { AuditService } from './audit/audit.service';
import type { GrantService } from './grants/grant.service';

export interface AccessServices {
  apiKeys: ApiKeyService;
  audit: AuditService;
  grants: GrantService;
}

/** The request context every access resolver receives. */
export interface AccessContext extends RequestContext {
  services: AccessServices;
}
