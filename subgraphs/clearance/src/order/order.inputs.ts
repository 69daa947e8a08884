import { Field, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '../common/scalars';

/** A goods line of the order (CEB311 OrderList / CEB303 OrderList). */
@InputType({ description: 'A goods line of the order: the XML OrderList element, field for field.' })
export class OrderItemInput {
  @Field(() => Int, { description: 'Line number from 1 (gnum).' }) gnum: number;
  @Field(() => String, { nullable: true, description: 'The enterprise\'s item number (itemNo).' }) itemNo?: string | null;
  @Field({ description: 'Trade name of the goods (itemName).' }) itemName: string;
  @Field(() => String, { nullable: true, description: 'Model, specification (gmodel).' }) gmodel?: string | null;
  @Field(() => String, { nullable: true, description: 'Bar code, e.g. the GTIN (barCode).' }) barCode?: string | null;
  @Field(() => DecimalScalar, { description: 'Quantity in `unit`, positive (qty).' }) qty: string;
  @Field({ description: '3-digit customs unit code, e.g. 007 个 (unit).' }) unit: string;
  @Field(() => DecimalScalar, { description: 'Unit price, positive (price).' }) price: string;
  @Field(() => DecimalScalar, { description: 'qty × price, to 0.01 (totalPrice).' }) totalPrice: string;
  @Field(() => String, { nullable: true, description: 'ISO 4217; the order\'s currency when omitted (currency).' }) currency?: string | null;
  @Field({ description: 'Country of origin, ISO 3166-1 alpha-2 (country).' }) country: string;
}

/** The order (CEB311 import, CEB303 export): submitted by the e-commerce platform that took it. */
@InputType({ description: 'The order message (CEB311 import, CEB303 export). Idempotency key: (ebpCode, orderNo).' })
export class OrderInput {
  @Field(() => String, { nullable: true, defaultValue: 'I', description: 'I import (default) or E export (ieFlag).' }) ieFlag?: string | null;
  @Field({ description: 'The platform\'s order number (orderNo).' }) orderNo: string;
  @Field({ description: 'Customs code of the e-commerce platform (ebpCode).' }) ebpCode: string;
  @Field({ description: 'Customs code of the e-commerce enterprise (ebcCode).' }) ebcCode: string;
  @Field(() => DecimalScalar, { description: 'Goods value: the sum of the lines\' totalPrice (goodsValue).' }) goodsValue: string;
  @Field(() => DecimalScalar, { nullable: true, defaultValue: '0', description: 'Freight (freight).' }) freight?: string | null;
  @Field(() => DecimalScalar, { nullable: true, defaultValue: '0', description: 'Non-cash discount (discount).' }) discount?: string | null;
  @Field(() => DecimalScalar, { nullable: true, defaultValue: '0', description: 'Tax the buyer paid with the order (taxTotal).' }) taxTotal?: string | null;
  @Field(() => DecimalScalar, { description: 'Paid amount = goodsValue + freight + taxTotal − discount (the XML spells it acturalPaid).' }) actualPaid: string;
  @Field(() => String, { nullable: true, defaultValue: 'CNY', description: 'ISO 4217 (currency; the XML carries the customs code, 142 = CNY).' }) currency?: string | null;
  @Field(() => String, { nullable: true, description: 'Buyer ID type: 1 resident ID, 2 other (buyerIdType). Required on import.' }) buyerIdType?: string | null;
  @Field(() => String, { nullable: true, description: 'Buyer ID number (buyerIdNumber). Required on import.' }) buyerIdNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'Buyer name (buyerName). Required on import.' }) buyerName?: string | null;
  @Field(() => String, { nullable: true, description: 'Buyer telephone (buyerTelephone). Required on import.' }) buyerTelephone?: string | null;
  @Field(() => String, { nullable: true, description: 'Consignee (consignee). Required on import.' }) consignee?: string | null;
  @Field(() => String, { nullable: true, description: 'Consignee address (consigneeAddress). Required on import.' }) consigneeAddress?: string | null;
  @Field(() => String, { nullable: true, description: 'Consignee telephone (consigneeTelephone). Required on import.' }) consigneeTelephone?: string | null;
  @Field(() => String, { nullable: true, description: 'Customs code of the payment enterprise (payCode).' }) payCode?: string | null;
  @Field(() => String, { nullable: true, description: 'The payment\'s transaction id (payTransactionId).' }) payTransactionId?: string | null;
  @Field(() => [OrderItemInput]) items: OrderItemInput[];
}
