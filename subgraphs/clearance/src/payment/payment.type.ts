import { Field, ID, Int, ObjectType } from 'type-graphql';
import { TradeDirection } from '../common/enums';
import { DecimalScalar } from '../common/scalars';

@ObjectType({ description: 'A payment (CEB411 import, CEB403 export receipt of payment); the payer is masked unless revealed.' })
export class Payment {
  @Field(() => ID) id: string;
  @Field(() => TradeDirection) direction: TradeDirection;
  @Field() payCode: string;
  @Field() payTransactionId: string;
  @Field() orderNo: string;
  @Field() ebpCode: string;
  @Field(() => DecimalScalar) amountPaid: string;
  @Field() currency: string;
  @Field(() => Date, { nullable: true }) payTime: Date | null;
  @Field(() => Int, { description: 'Goes up with every amendment.' }) version: number;
  @Field() submittedAt: Date;
  @Field() updatedAt: Date;
}
