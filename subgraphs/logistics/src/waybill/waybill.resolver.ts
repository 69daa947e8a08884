import { Arg, Ctx, Directive, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { LogisticsContext } from '../context';
import { ParcelMilestone } from '../milestone/milestone.type';
import { Waybill } from './waybill.type';

@Resolver(() => Waybill)
export class WaybillResolver {
  @Query(() => Waybill, {
    nullable: true,
    description: 'A waybill by its number, with its milestones (and, from clearance, the document and its declaration), when the caller may read it: '
      + 'its logistics firm, the e-commerce enterprise and platform of its declaration, regulators. Null otherwise, and for a number nobody reported a milestone or declaration for.',
  })
  @Directive('@authenticated')
  waybill(
    @Arg('logisticsNo', { description: 'The waybill number (logisticsNo).' }) logisticsNo: string,
    @Ctx() context: LogisticsContext,
    @Arg('logisticsCode', () => String, { nullable: true, description: 'The logistics firm\'s customs code; needed only when two firms use the same number.' })
    logisticsCode?: string | null,
  ) {
    return context.services.waybills.find(logisticsNo, logisticsCode, context);
  }

  @FieldResolver(() => [ParcelMilestone], {
    description: 'The parcel\'s milestones in time order (at the same instant: EXCEPTION, PICKED_UP, DEPARTED, ARRIVED, OUT_FOR_DELIVERY, DELIVERED). '
      + 'FORBIDDEN unless the caller is its logistics firm, the e-commerce enterprise or platform of its declaration, or a regulator.',
  })
  @Directive('@authenticated')
  milestones(@Root() waybill: Waybill, @Ctx() context: LogisticsContext) {
    return context.services.milestones.ofWaybill(waybill.logisticsCode, waybill.logisticsNo, context);
  }
}
