import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { TradeDirection } from '../common/enums';
import { DecimalScalar } from '../common/scalars';

@ObjectType({ description: 'A waybill (CEB511 import, CEB505 export). Clearance owns the document; logistics adds milestones.' })
@Directive('@key(fields: "logisticsCode logisticsNo")')
export class Waybill {
  @Field() logisticsCode: string;
  @Field() logisticsNo: string;
  @Field(() => ID) id: string;
  @Field(() => TradeDirection) direction: TradeDirection;
  @Field() orderNo: string;
  @Field(() => String, { nullable: true }) billNo: string | null;
  @Field(() => DecimalScalar) freight: string;
  @Field(() => DecimalScalar) insuredFee: string;
  @Field() currency: string;
  @Field(() => DecimalScalar, { description: 'Gross weight in kg.' }) weight: string;
  @Field(() => Int) packNo: number;
  @Field(() => Int, { description: 'Goes up with every amendment.' }) version: number;
  @Field() submittedAt: Date;
  @Field() updatedAt: Date;
}
