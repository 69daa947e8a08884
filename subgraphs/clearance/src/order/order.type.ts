import { Field, ID, Int, ObjectType } from 'type-graphql';
import { TradeDirection } from '../common/enums';
import { DecimalScalar } from '../common/scalars';

@ObjectType({ description: 'A goods line of the order (OrderList).' })
export class OrderItem {
  @Field(() => Int) gnum: number;
  @Field(() => String, { nullable: true }) itemNo: string | null;
  @Field() itemName: string;
  @Field(() => String, { nullable: true }) gmodel: string | null;
  @Field(() => String, { nullable: true }) barCode: string | null;
  @Field(() => DecimalScalar) qty: string;
  @Field() unit: string;
  @Field(() => DecimalScalar) price: string;
  @Field(() => DecimalScalar) totalPrice: string;
  @Field() currency: string;
  @Field() country: string;
}

@ObjectType({ description: 'An order (CEB311 import, CEB303 export) as the Single Window holds it; personal data masked unless revealed.' })
export class Order {
  @Field(() => ID) id: string;
  @Field(() => TradeDirection) direction: TradeDirection;
  @Field() orderNo: string;
  @Field() ebpCode: string;
  @Field() ebcCode: string;
  @Field(() => DecimalScalar) goodsValue: string;
  @Field(() => DecimalScalar) freight: string;
  @Field(() => DecimalScalar) discount: string;
  @Field(() => DecimalScalar) taxTotal: string;
  @Field(() => DecimalScalar, { description: 'The XML\'s acturalPaid.' }) actualPaid: string;
  @Field() currency: string;
  @Field(() => String, { nullable: true }) payCode: string | null;
  @Field(() => String, { nullable: true }) payTransactionId: string | null;
  @Field(() => [OrderItem]) items: OrderItem[];
  @Field(() => Int, { description: 'Goes up with every amendment.' }) version: number;
  @Field() submittedAt: Date;
  @Field() updatedAt: Date;
}
