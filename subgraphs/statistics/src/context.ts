import type { RequestContext } from '@sw/kernel';
import type { IndexService } from './composite/index.service';
import type { TargetService } from './targets/targets.service';
import type { TradeService } from './trade/trade.service';

export interface StatisticsServices {
  trade: TradeService;
  index: IndexService;
  targets: TargetService;
}

/** The request context every statistics resolver receives. */
export interface StatisticsContext extends RequestContext {
  services: StatisticsServices;
}
