import { Field, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '../common/scalars';

/** The waybill (CEB511 import, CEB505 export): submitted by the logistics enterprise. */
@InputType({ description: 'The waybill message (CEB511 import, CEB505 export). Idempotency key: (logisticsCode, logisticsNo).' })
export class WaybillInput {
  @Field(() => String, { nullable: true, defaultValue: 'I', description: 'I import (default) or E export (ieFlag).' }) ieFlag?: string | null;
  @Field({ description: 'Customs code of the logistics enterprise (logisticsCode).' }) logisticsCode: string;
  @Field({ description: 'The logistics enterprise\'s waybill number (logisticsNo).' }) logisticsNo: string;
  @Field({ description: 'The order carried (orderNo).' }) orderNo: string;
  @Field(() => String, { nullable: true, description: 'Bill of lading / air waybill number (billNo).' }) billNo?: string | null;
  @Field(() => DecimalScalar, { nullable: true, defaultValue: '0', description: 'Freight (freight).' }) freight?: string | null;
  @Field(() => DecimalScalar, { nullable: true, defaultValue: '0', description: 'Insurance fee (insuredFee).' }) insuredFee?: string | null;
  @Field(() => String, { nullable: true, defaultValue: 'CNY', description: 'ISO 4217 (currency).' }) currency?: string | null;
  @Field(() => DecimalScalar, { description: 'Gross weight in kg, positive (weight).' }) weight: string;
  @Field(() => Int, { nullable: true, defaultValue: 1, description: 'Number of packages (packNo).' }) packNo?: number | null;
  @Field(() => String, { nullable: true, description: 'Consignee (consignee). Required on import.' }) consignee?: string | null;
  @Field(() => String, { nullable: true, description: 'Consignee address (consigneeAddress). Required on import.' }) consigneeAddress?: string | null;
  @Field(() => String, { nullable: true, description: 'Consignee telephone (consigneeTelephone). Required on import.' }) consigneeTelephone?: string | null;
}
