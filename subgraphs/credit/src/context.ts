import type { RequestContext } from '@sw/kernel';
import type { NegativeListService } from './negative-list/negative-list.service';
import type { ProfileService } from './profile/profile.service';
import type { RecordService } from './records/record.service';
import type { RiskService } from './risk/risk.service';

export interface CreditServices {
  profiles: ProfileService;
  records: RecordService;
  negativeList: NegativeListService;
  risk: RiskService;
}

/** The request context every credit resolver receives. */
export interface CreditContext extends RequestContext {
  services: CreditServices;
}
