import type { RequestContext } from '@sw/kernel';
import type { EnterpriseService } from './enterprise/enterprise.service';
import type { PersonService } from './person/person.service';

export interface RegistryServices {
  enterprises: EnterpriseService;
  persons: PersonService;
}

/** The request context every registry resolver receives. */
export interface RegistryContext extends RequestContext {
  services: RegistryServices;
}
