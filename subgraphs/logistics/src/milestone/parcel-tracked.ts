import {
  busSubscription, forbidden, Loaders, requireIdentity, type BusEvent, type Logger, type ReportsIdleCursor, type RequestContext, type Sql,
} from '@sw/kernel';
import { validIdentifier } from '../common/validate';
import type { Parties } from '../projections/parties';

export const MILESTONE_REPORTED = 'logistics.parcel.milestone-reported';

/**
 * parcelTracked: the milestones of a waybill number from the bus (the kernel's busSubscription),
 * resumable from a cursor (an event's seq), each one only when the caller may read that waybill's
 * milestones. The check runs per event, so the e-commerce parties of a declaration that arrives
 * after the subscription started see the milestones from then on.
 */
export class ParcelTracking {
  constructor(private readonly sql: Sql, private readonly parties: Parties, private readonly logger: Logger) {}

  subscribe(args: { logisticsNo: string; after?: string | null }, context: RequestContext): AsyncIterableIterator<BusEvent> {
    const identity = requireIdentity(context);
    if (identity.role === 'PARTNER' || (identity.role === 'ENTERPRISE' && !identity.uscc)) {
      throw forbidden('parcel milestones are visible to the logistics firm of the waybill, the e-commerce enterprise and platform of its declaration, and regulators');
    }
    const logisticsNo = validIdentifier('logisticsNo', args.logisticsNo, 60);
    const events = busSubscription({
      sql: this.sql, types: [MILESTONE_REPORTED], after: args.after, logger: this.logger,
      filter: (event) => event.data.logisticsNo === logisticsNo,
    });
    if (identity.role === 'REGULATOR') return events;
    // Once readable, a waybill stays readable for this stream; a refusal is asked again at the next event.
    const readable = new Set<string>();
    return new VisibleEvents(events, async (event) => {
      const code = String(event.data.logisticsCode);
      if (readable.has(code)) return true;
      const may = await this.parties.mayRead(identity, new Loaders(), code, logisticsNo);
      if (may) readable.add(code);
      return may;
    });
  }
}

/**
 * A bus subscription with an asynchronous test on each event; it keeps reporting where it stands
 * while idle (ReportsIdleCursor), so the gateway can resume it after a reconnection. An event it
 * drops lies at or before any cursor reported after it, so a resumed stream never sees it again.
 */
export class VisibleEvents implements AsyncIterableIterator<BusEvent>, ReportsIdleCursor<BusEvent> {
  constructor(
    private readonly inner: AsyncIterableIterator<BusEvent> & ReportsIdleCursor<BusEvent>,
    private readonly visible: (event: BusEvent) => Promise<boolean>,
  ) {}

  [Symbol.asyncIterator](): AsyncIterableIterator<BusEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<BusEvent>> {
    for (;;) {
      const result = await this.inner.next();
      if (result.done || (await this.visible(result.value))) return result;
    }
  }

  async nextOrIdle(ms: number): Promise<IteratorResult<BusEvent> | { idle: string }> {
    for (;;) {
      const result = await this.inner.nextOrIdle(ms);
      if ('idle' in result || result.done || (await this.visible(result.value))) return result;
    }
  }

  async return(): Promise<IteratorResult<BusEvent>> {
    return this.inner.return!();
  }

  async throw(error?: unknown): Promise<IteratorResult<BusEvent>> {
    await this.inner.return!();
    throw error;
  }
}
