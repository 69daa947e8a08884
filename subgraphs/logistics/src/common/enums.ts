import { registerEnumType } from 'type-graphql';

/** API.md (Finance and logistics): the kinds of warehouse the register holds. */
export enum WarehouseKind { BONDED = 'BONDED', PUBLIC_OVERSEAS = 'PUBLIC_OVERSEAS', PRIVATE_OVERSEAS = 'PRIVATE_OVERSEAS' }
registerEnumType(WarehouseKind, {
  name: 'WarehouseKind',
  valuesConfig: {
    BONDED: { description: '保税仓: a bonded warehouse in China (country CN), for bonded e-commerce imports (1210, 1239).' },
    PUBLIC_OVERSEAS: { description: '公共海外仓: an overseas warehouse (outside CN) serving any seller; counts toward the pilot zone\'s target.' },
    PRIVATE_OVERSEAS: { description: '自营海外仓: an overseas warehouse (outside CN) an enterprise runs for its own goods.' },
  },
});

export enum WarehouseStatus { ACTIVE = 'ACTIVE', SUSPENDED = 'SUSPENDED', CLOSED = 'CLOSED' }
registerEnumType(WarehouseStatus, {
  name: 'WarehouseStatus',
  valuesConfig: {
    ACTIVE: { description: 'In operation (every warehouse starts here).' },
    SUSPENDED: { description: 'Suspended by a regulator; only a regulator lifts it.' },
    CLOSED: { description: 'Closed for good, by its operator or a regulator; final.' },
  },
});

/** What a warehouse offers sellers; a register entry lists any number of these. */
export enum WarehouseService {
  STORAGE = 'STORAGE', FULFILMENT = 'FULFILMENT', RETURNS = 'RETURNS', LAST_MILE_DELIVERY = 'LAST_MILE_DELIVERY',
  HEADHAUL = 'HEADHAUL', CUSTOMS_CLEARANCE = 'CUSTOMS_CLEARANCE', LABELLING = 'LABELLING', COLD_CHAIN = 'COLD_CHAIN',
}
registerEnumType(WarehouseService, {
  name: 'WarehouseService',
  valuesConfig: {
    STORAGE: { description: 'Storage (仓储).' },
    FULFILMENT: { description: 'Order fulfilment: pick, pack and ship per order (一件代发).' },
    RETURNS: { description: 'Returns handling and re-stocking (退换货).' },
    LAST_MILE_DELIVERY: { description: 'Delivery to the buyer (尾程派送).' },
    HEADHAUL: { description: 'First-leg transport from China to the warehouse (头程).' },
    CUSTOMS_CLEARANCE: { description: 'Import clearance at the destination (清关).' },
    LABELLING: { description: 'Labelling, re-packing and kitting (贴标、换标).' },
    COLD_CHAIN: { description: 'Temperature-controlled storage (冷链).' },
  },
});

/** API.md: the milestones a logistics firm reports for a parcel (its waybill). */
export enum ParcelMilestoneKind {
  PICKED_UP = 'PICKED_UP', DEPARTED = 'DEPARTED', ARRIVED = 'ARRIVED', OUT_FOR_DELIVERY = 'OUT_FOR_DELIVERY', DELIVERED = 'DELIVERED',
  EXCEPTION = 'EXCEPTION',
}
registerEnumType(ParcelMilestoneKind, {
  name: 'ParcelMilestoneKind',
  description: 'What happened to the parcel. The order rules are in reportParcelMilestone\'s description.',
  valuesConfig: {
    PICKED_UP: { description: 'The carrier took the parcel over (揽收); at most once per waybill.' },
    DEPARTED: { description: 'The parcel left a facility, port or airport (离港/发出).' },
    ARRIVED: { description: 'The parcel reached a facility, port or airport (到达).' },
    OUT_FOR_DELIVERY: { description: 'The parcel is with the courier for delivery (派送中).' },
    DELIVERED: { description: 'The parcel was delivered (签收); at most once per waybill, and only EXCEPTION may follow.' },
    EXCEPTION: { description: 'Something went wrong (failed delivery, damage, loss, hold); allowed at any point, and lets the flow resume or repeat.' },
  },
});
