import { Arg, Ctx, Directive, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { ClearanceContext } from '../context';
import type { BuyerSource } from '../declaration/buyer';
import { Buyer, DocumentChange } from '../declaration/declaration.type';
import type { PaymentEntity } from './payment.entity';
import { PaymentInput } from './payment.inputs';
import { Payment } from './payment.type';

const WRITE = '@requiresScopes(scopes: [["declarations:write"]])';

@Resolver(() => Payment)
export class PaymentResolver {
  @Mutation(() => Payment, {
    description: 'Submits a payment (CEB411 import, CEB403 export). The same content again returns it; changed content before customs has the declaration is an amendment. Needs declarations:write; the payment enterprise (payCode) or a regulator.',
  })
  @Directive('@authenticated')
  @Directive(WRITE)
  submitPayment(@Arg('input', () => PaymentInput) input: PaymentInput, @Ctx() context: ClearanceContext) {
    return context.services.submissions.submitPayment(input, context);
  }

  @FieldResolver(() => Buyer, { nullable: true, description: 'The payer (支付人), who must be the buyer.' })
  payer(@Root() payment: PaymentEntity): BuyerSource | null {
    if (payment.payerIdType === null) return null;
    return {
      idType: payment.payerIdType, personId: payment.payerPersonId, nameEnc: payment.payerNameEnc, idNumberEnc: payment.payerIdNumberEnc,
      telephoneEnc: payment.telephoneEnc, subject: { type: 'Payment', id: payment.id }, prefix: 'payer',
    };
  }

  @FieldResolver(() => [DocumentChange], { description: 'Submission and amendments, oldest first.' })
  async history(@Root() payment: PaymentEntity, @Ctx() context: ClearanceContext) {
    return (await context.loaders.get(context.services.reads.documentChanges).load(payment.id)) ?? [];
  }
}
