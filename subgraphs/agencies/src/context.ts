import type { RequestContext } from '@sw/kernel';
import type { CustomsService } from './customs/customs.service';
import type { IdentityService } from './public-security/identity.service';
import type { SaicService } from './saic/saic.service';
import type { TaxService } from './tax/tax.service';

export interface AgenciesServices {
  saic: SaicService;
  tax: TaxService;
  identity: IdentityService;
  customs: CustomsService;
}

/** The request context every agencies resolver receives. */
export interface AgenciesContext extends RequestContext {
  services: AgenciesServices;
}
