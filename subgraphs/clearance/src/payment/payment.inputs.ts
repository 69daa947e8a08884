import { Field, InputType } from 'type-graphql';
import { DecimalScalar } from '../common/scalars';

/** The payment (CEB411 import; CEB403 receipt of payment on export): submitted by the payment enterprise. */
@InputType({ description: 'The payment message (CEB411 import, CEB403 export receipt of payment). Idempotency key: (payCode, payTransactionId).' })
export class PaymentInput {
  @Field(() => String, { nullable: true, defaultValue: 'I', description: 'I import (default) or E export (ieFlag).' }) ieFlag?: string | null;
  @Field({ description: 'Customs code of the payment enterprise (payCode).' }) payCode: string;
  @Field({ description: 'The payment enterprise\'s transaction id (payTransactionId).' }) payTransactionId: string;
  @Field({ description: 'The order paid (orderNo).' }) orderNo: string;
  @Field({ description: 'Customs code of the e-commerce platform of the order (ebpCode).' }) ebpCode: string;
  @Field(() => String, { nullable: true, description: 'Payer ID type: 1 resident ID, 2 other (payerIdType). Required on import.' }) payerIdType?: string | null;
  @Field(() => String, { nullable: true, description: 'Payer ID number (payerIdNumber). Required on import.' }) payerIdNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'Payer name (payerName). Required on import.' }) payerName?: string | null;
  @Field(() => String, { nullable: true, description: 'Payer telephone (telephone).' }) telephone?: string | null;
  @Field(() => DecimalScalar, { description: 'Amount paid; equals the order\'s actualPaid (amountPaid).' }) amountPaid: string;
  @Field(() => String, { nullable: true, defaultValue: 'CNY', description: 'ISO 4217 (currency).' }) currency?: string | null;
  @Field(() => Date, { nullable: true, description: 'When the payment was made (payTime).' }) payTime?: Date | null;
}
