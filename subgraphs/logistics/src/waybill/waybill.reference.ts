import { waybillRef } from './waybill.type';

/**
 * Every Waybill the gateway asks logistics about exists as far as logistics is concerned (a waybill
 * without milestones has an empty list): its milestones load through the request's loader, which
 * also decides who may see them, so no query is spent here.
 */
export const waybillReference = {
  __resolveReference(reference: { logisticsCode: string; logisticsNo: string }) {
    return waybillRef(reference.logisticsCode, reference.logisticsNo);
  },
};
