import { Directive, Field, ObjectType } from 'type-graphql';

/**
 * Clearance's Waybill (its key: logisticsCode and logisticsNo), extended here with the parcel's
 * milestones. Logistics holds no copy of the document; the gateway completes it from clearance.
 */
@ObjectType({ description: 'A waybill (CEB511 import, CEB505 export). Clearance owns the document; logistics adds milestones.' })
@Directive('@key(fields: "logisticsCode logisticsNo")')
export class Waybill {
  @Field() logisticsCode: string;
  @Field() logisticsNo: string;
}

export const waybillRef = (logisticsCode: string, logisticsNo: string): Waybill => ({ logisticsCode, logisticsNo });
