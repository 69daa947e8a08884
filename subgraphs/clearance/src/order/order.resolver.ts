import { Arg, Ctx, Directive, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { ClearanceContext } from '../context';
import type { BuyerSource } from '../declaration/buyer';
import { revealArg } from '../declaration/buyer.resolver';
import { Buyer, DocumentChange } from '../declaration/declaration.type';
import type { OrderEntity } from './order.entity';
import { OrderInput } from './order.inputs';
import { Order } from './order.type';

const WRITE = '@requiresScopes(scopes: [["declarations:write"]])';

@Resolver(() => Order)
export class OrderResolver {
  @Mutation(() => Order, {
    description: 'Submits an order (CEB311 import, CEB303 export). The same content again returns it; changed content before customs has the declaration is an amendment. Needs declarations:write; the platform (ebpCode) or a regulator.',
  })
  @Directive('@authenticated')
  @Directive(WRITE)
  submitOrder(@Arg('input', () => OrderInput) input: OrderInput, @Ctx() context: ClearanceContext) {
    return context.services.submissions.submitOrder(input, context);
  }

  @FieldResolver(() => Buyer, { nullable: true, description: 'The buyer (订购人); null on an export order without one.' })
  buyer(@Root() order: OrderEntity): BuyerSource | null {
    if (order.buyerIdType === null) return null;
    return {
      idType: order.buyerIdType, personId: order.buyerPersonId, nameEnc: order.buyerNameEnc, idNumberEnc: order.buyerIdNumberEnc,
      telephoneEnc: order.buyerTelephoneEnc, subject: { type: 'Order', id: order.id }, prefix: 'buyer',
    };
  }

  @FieldResolver(() => String, { nullable: true })
  consignee(@Root() order: OrderEntity, @Ctx() context: ClearanceContext, @Arg('reveal', () => Boolean, revealArg) reveal: boolean | null) {
    return context.services.reveal.value(order.consigneeEnc, 'name', reveal === true, context, { type: 'Order', id: order.id }, 'consignee');
  }

  @FieldResolver(() => String, { nullable: true })
  consigneeAddress(@Root() order: OrderEntity, @Ctx() context: ClearanceContext, @Arg('reveal', () => Boolean, revealArg) reveal: boolean | null) {
    return context.services.reveal.value(order.consigneeAddressEnc, 'address', reveal === true, context, { type: 'Order', id: order.id }, 'consigneeAddress');
  }

  @FieldResolver(() => String, { nullable: true })
  consigneeTelephone(@Root() order: OrderEntity, @Ctx() context: ClearanceContext, @Arg('reveal', () => Boolean, revealArg) reveal: boolean | null) {
    return context.services.reveal.value(order.consigneeTelephoneEnc, 'phone', reveal === true, context, { type: 'Order', id: order.id }, 'consigneeTelephone');
  }

  @FieldResolver(() => [DocumentChange], { description: 'Submission and amendments, oldest first.' })
  async history(@Root() order: OrderEntity, @Ctx() context: ClearanceContext) {
    return (await context.loaders.get(context.services.reads.documentChanges).load(order.id)) ?? [];
  }
}
