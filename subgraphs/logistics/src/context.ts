import type { RequestContext } from '@sw/kernel';
import type { MilestoneService } from './milestone/milestone.service';
import type { ParcelTracking } from './milestone/parcel-tracked';
import type { Parties } from './projections/parties';
import type { WarehouseRegister } from './warehouse/warehouse.service';
import type { WaybillService } from './waybill/waybill.service';

export interface LogisticsServices {
  parties: Parties;
  warehouses: WarehouseRegister;
  milestones: MilestoneService;
  tracking: ParcelTracking;
  waybills: WaybillService;
}

/** The request context every logistics resolver receives. */
export interface LogisticsContext extends RequestContext {
  services: LogisticsServices;
}
