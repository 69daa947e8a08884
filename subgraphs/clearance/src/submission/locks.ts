import type { EntityManager } from 'typeorm';

/**
 * Transaction-scoped advisory locks, taken in sorted order so that two submissions never wait on each
 * other in a cycle. Keys are namespaced text hashed to 64 bits; a collision only serialises two
 * submissions that could have run side by side.
 *
 * Each submission first takes the lock of its own idempotency key (one per transaction), then the link
 * keys of every declaration it can affect: `order:<orderNo>` (every document carries the order number)
 * and `parcel:<logisticsCode>/<logisticsNo>` (waybill and inventory). A document and the inventory it
 * belongs to always share one of those, so whichever commits second sees the first and the match runs
 * exactly once; concurrent changes to one declaration also meet on its row lock.
 */
export async function lockKeys(manager: EntityManager, keys: Iterable<string>): Promise<void> {
  for (const key of [...new Set(keys)].sort()) {
    await manager.query('select pg_advisory_xact_lock(hashtextextended($1, 7245005))', [`clearance:${key}`]);
  }
}

export const orderKey = (orderNo: string) => `order:${orderNo}`;
export const parcelKey = (logisticsCode: string, logisticsNo: string) => `parcel:${logisticsCode}/${logisticsNo}`;
export const buyerKey = (personId: string) => `buyer:${personId}`;
