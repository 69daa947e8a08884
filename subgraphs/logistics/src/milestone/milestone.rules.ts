import { ParcelMilestoneKind as Kind } from '../common/enums';

/**
 * The order of a waybill's milestones. Reports may arrive out of order (a scanner uploads late),
 * so a new milestone is checked by placing it in the waybill's timeline, ordered by occurredAt,
 * and walking the whole timeline:
 *
 * 1. PICKED_UP comes first and once: nothing but EXCEPTION before it, no second one.
 * 2. DEPARTED and ARRIVED (any number of legs, in any order) and OUT_FOR_DELIVERY need a PICKED_UP
 *    before them.
 * 3. After OUT_FOR_DELIVERY the parcel does not travel again (DEPARTED, ARRIVED) without an
 *    EXCEPTION between (a failed delivery); another OUT_FOR_DELIVERY (a second attempt) is fine.
 * 4. DELIVERED needs a PICKED_UP before it, comes once, and only EXCEPTION may follow it (a claim
 *    for damage; returns travel on a new waybill).
 * 5. EXCEPTION may come at any point, and opens the exception flow: after it the parcel may move on
 *    (DEPARTED, ARRIVED, OUT_FOR_DELIVERY, DELIVERED) even when its pickup was never scanned, and may
 *    travel again after OUT_FOR_DELIVERY.
 *
 * Milestones at the same instant are ordered EXCEPTION, PICKED_UP, DEPARTED, ARRIVED,
 * OUT_FOR_DELIVERY, DELIVERED (the order Waybill.milestones shows them in).
 */
export const SAME_INSTANT_ORDER: readonly Kind[] = [
  Kind.EXCEPTION, Kind.PICKED_UP, Kind.DEPARTED, Kind.ARRIVED, Kind.OUT_FOR_DELIVERY, Kind.DELIVERED,
];

export interface TimedMilestone {
  kind: Kind;
  occurredAt: Date;
}

/** Time order, then the same-instant order. */
export function compareMilestones(a: TimedMilestone, b: TimedMilestone): number {
  return a.occurredAt.getTime() - b.occurredAt.getTime() || SAME_INSTANT_ORDER.indexOf(a.kind) - SAME_INSTANT_ORDER.indexOf(b.kind);
}

export interface OrderProblem {
  /** The milestone that may not stand where the timeline puts it. */
  at: TimedMilestone;
  /** The rule it breaks, said to the integrator. */
  rule: string;
}

type State = 'NEW' | 'MOVING' | 'OUT' | 'EXCEPTION' | 'DELIVERED';

const when = (milestone: TimedMilestone) => `${milestone.kind} at ${milestone.occurredAt.toISOString()}`;

/** The first rule the timeline breaks, or undefined when its order is sound. */
export function orderProblem(milestones: readonly TimedMilestone[]): OrderProblem | undefined {
  const timeline = [...milestones].sort(compareMilestones);
  let state: State = 'NEW';
  let pickup: TimedMilestone | undefined;
  let moved: TimedMilestone | undefined;
  let delivered: TimedMilestone | undefined;
  let out: TimedMilestone | undefined;
  for (const milestone of timeline) {
    const problem = (rule: string): OrderProblem => ({ at: milestone, rule });
    if (milestone.kind === Kind.EXCEPTION) {
      if (state !== 'DELIVERED') state = 'EXCEPTION';
      continue;
    }
    if (state === 'DELIVERED') return problem(`only EXCEPTION may follow DELIVERED (${when(delivered!)})`);
    switch (milestone.kind) {
      case Kind.PICKED_UP:
        if (pickup) return problem(`a parcel is picked up once; PICKED_UP is already at ${pickup.occurredAt.toISOString()}`);
        if (moved) return problem(`PICKED_UP must come before the parcel moves, but ${when(moved)} is earlier`);
        pickup = milestone;
        state = 'MOVING';
        break;
      case Kind.DEPARTED:
      case Kind.ARRIVED:
        if (state === 'NEW') return problem('report PICKED_UP first (or an EXCEPTION, when the pickup was never scanned)');
        if (state === 'OUT') return problem(`after OUT_FOR_DELIVERY (${when(out!)}) the parcel travels again only after an EXCEPTION such as a failed delivery`);
        moved = milestone;
        state = 'MOVING';
        break;
      case Kind.OUT_FOR_DELIVERY:
        if (state === 'NEW') return problem('report PICKED_UP first (or an EXCEPTION, when the pickup was never scanned)');
        moved = milestone;
        out = milestone;
        state = 'OUT';
        break;
      case Kind.DELIVERED:
        if (state === 'NEW') return problem('a parcel is delivered after PICKED_UP (or after an EXCEPTION, when the pickup was never scanned)');
        moved = milestone;
        delivered = milestone;
        state = 'DELIVERED';
        break;
    }
  }
  return undefined;
}
