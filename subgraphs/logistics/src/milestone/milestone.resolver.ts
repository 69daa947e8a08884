import type { BusEvent } from '@sw/kernel';
import { Arg, Ctx, Directive, FieldResolver, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import type { LogisticsContext } from '../context';
import { Waybill, waybillRef } from '../waybill/waybill.type';
import type { ParcelMilestoneEntity } from './milestone.entity';
import { ParcelMilestoneInput } from './milestone.inputs';
import { ParcelLocation, ParcelMilestone } from './milestone.type';

@Resolver(() => ParcelMilestone)
export class ParcelMilestoneResolver {
  @Mutation(() => ParcelMilestone, {
    description: 'Reports a parcel milestone (needs declarations:write): the logistics firm whose customs code is logisticsCode, or a regulator. '
      + 'The same (logisticsCode, logisticsNo, kind, occurredAt) again returns the milestone recorded. Order rules: PICKED_UP first and once; '
      + 'DEPARTED, ARRIVED, OUT_FOR_DELIVERY and DELIVERED after it; no travel after OUT_FOR_DELIVERY and nothing but EXCEPTION after DELIVERED (once); '
      + 'an EXCEPTION may come at any time and lets the parcel move on even without a scanned pickup. Published as logistics.parcel.milestone-reported (a trace event).',
  })
  @Directive('@authenticated')
  @Directive('@requiresScopes(scopes: [["declarations:write"]])')
  reportParcelMilestone(@Arg('input', () => ParcelMilestoneInput) input: ParcelMilestoneInput, @Ctx() context: LogisticsContext) {
    return context.services.milestones.report(input, context);
  }

  @Subscription(() => ParcelMilestone, {
    description: 'The milestones of a waybill as they are reported, for the callers who may read them. after: the cursor of the last milestone '
      + 'received (ParcelMilestone.cursor, also on Waybill.milestones): those reported after it come first, then live ones; without it, live ones only.',
    subscribe: ({ args, context }) => (context as LogisticsContext).services.tracking.subscribe(args as { logisticsNo: string; after?: string | null }, context as LogisticsContext),
  })
  @Directive('@authenticated')
  async parcelTracked(
    @Root() event: BusEvent,
    @Ctx() context: LogisticsContext,
    @Arg('logisticsNo', { description: 'The waybill number (logisticsNo).' }) _logisticsNo: string,
    @Arg('after', () => String, { nullable: true, description: 'A ParcelMilestone.cursor already received.' }) _after?: string | null,
  ): Promise<ParcelMilestoneEntity> {
    const milestone = await context.loaders.get(context.services.milestones.byId).load(String(event.data.milestoneId));
    if (!milestone) throw new Error(`milestone ${String(event.data.milestoneId)} of event ${event.id} is not in logistics.parcel_milestones`);
    return milestone;
  }

  @FieldResolver(() => String)
  cursor(@Root() milestone: ParcelMilestoneEntity) {
    return String(milestone.eventSeq);
  }

  @FieldResolver(() => ParcelLocation, { nullable: true })
  location(@Root() milestone: ParcelMilestoneEntity): ParcelLocation | null {
    return milestone.city !== null && milestone.country !== null ? { city: milestone.city, country: milestone.country } : null;
  }

  @FieldResolver(() => Waybill, { description: 'The waybill; the gateway completes it (and its declaration) from clearance.' })
  waybill(@Root() milestone: ParcelMilestoneEntity) {
    return waybillRef(milestone.logisticsCode, milestone.logisticsNo);
  }
}
