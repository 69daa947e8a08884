import type { ClearanceContext } from '../context';

/**
 * Resolves `Waybill` references (logistics adds milestones) through the request's loader; a waybill the
 * caller may not see resolves to null.
 */
export const waybillReference = {
  async __resolveReference(reference: { logisticsCode: string; logisticsNo: string }, context: ClearanceContext) {
    const { reads } = context.services;
    const waybill = await context.loaders.get(reads.waybillsByKey).load(`${reference.logisticsCode}/${reference.logisticsNo}`);
    return waybill && (await reads.waybillVisible(waybill, context)) ? waybill : null;
  },
};
