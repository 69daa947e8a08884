import { ParcelMilestoneKind as Kind } from '../common/enums';

/**
 * The CBV 2.0 business step and disposition of each milestone, published with it so that
 * traceability records it as an EPCIS ObjectEvent (observe) on the waybill code without knowing
 * logistics' vocabulary. Pickup and delivery are the two changes of possession (`accepting` by the
 * carrier, `receiving` by the consignee, after which the goods are `available` to them). An
 * EXCEPTION is `other` with disposition `unknown`: the carrier says something went wrong, not what
 * became of the goods (its note, which may say more, stays off the bus).
 */
export const CBV: Readonly<Record<Kind, { bizStep: string; disposition: string }>> = {
  [Kind.PICKED_UP]: { bizStep: 'accepting', disposition: 'in_transit' },
  [Kind.DEPARTED]: { bizStep: 'departing', disposition: 'in_transit' },
  [Kind.ARRIVED]: { bizStep: 'arriving', disposition: 'in_transit' },
  [Kind.OUT_FOR_DELIVERY]: { bizStep: 'transporting', disposition: 'in_transit' },
  [Kind.DELIVERED]: { bizStep: 'receiving', disposition: 'available' },
  [Kind.EXCEPTION]: { bizStep: 'other', disposition: 'unknown' },
};
