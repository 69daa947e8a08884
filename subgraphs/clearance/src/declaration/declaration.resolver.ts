import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { SupervisionMode, TradeDirection, modeOfCode } from '../common/enums';
import type { ClearanceContext } from '../context';
import { Enterprise } from '../enterprise/enterprise.type';
import { Order } from '../order/order.type';
import { Payment } from '../payment/payment.type';
import { Waybill } from '../waybill/waybill.type';
import type { BuyerSource } from './buyer';
import type { DeclarationEntity } from './declaration.entity';
import { CustomsReceiptInput, DeclarationFilter, InventoryInput } from './declaration.inputs';
import {
  Buyer, CustomsReceipt, Declaration, DeclarationConnection, DocumentChange, ImportTax, InventoryHeadFields, InventoryItem, MatchResult,
  QuotaContribution, StatusChange,
} from './declaration.type';

// The gateway enforces these before calling the subgraph; the services check again.
const WRITE = '@requiresScopes(scopes: [["declarations:write"]])';

@Resolver(() => Declaration)
export class DeclarationResolver {
  @Query(() => Declaration, { nullable: true, description: 'A declaration the caller is a party to (regulators: any); null otherwise.' })
  @Directive('@authenticated')
  declaration(@Arg('id', () => ID) id: string, @Ctx() context: ClearanceContext) {
    return context.services.reads.declaration(id, context);
  }

  @Query(() => DeclarationConnection, { description: 'Declarations the caller is a party to (regulators: all), newest first.' })
  @Directive('@authenticated')
  declarations(
    @Ctx() context: ClearanceContext,
    @Arg('filter', () => DeclarationFilter, { nullable: true }) filter?: DeclarationFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return context.services.reads.list(filter, first, after, context);
  }

  @Mutation(() => Declaration, {
    description: 'Submits the inventory list (CEB621 import, CEB603 export): the declaration. The same content again returns it; changed content before it goes to customs is an amendment. Needs declarations:write; the e-commerce enterprise or its customs broker, or a regulator.',
  })
  @Directive('@authenticated')
  @Directive(WRITE)
  submitInventory(@Arg('input', () => InventoryInput) input: InventoryInput, @Ctx() context: ClearanceContext) {
    return context.services.submissions.submitInventory(input, context);
  }

  @Mutation(() => Declaration, { description: 'Records a customs receipt by hand (regulators with declarations:write): tests and manual operation.' })
  @Directive('@authenticated')
  @Directive(WRITE)
  recordCustomsReceipt(@Arg('input', () => CustomsReceiptInput) input: CustomsReceiptInput, @Ctx() context: ClearanceContext) {
    return context.services.receipts.record(input, context);
  }

  @FieldResolver(() => SupervisionMode)
  mode(@Root() declaration: DeclarationEntity) {
    return modeOfCode(declaration.mode);
  }

  @FieldResolver(() => TradeDirection)
  direction(@Root() declaration: DeclarationEntity) {
    return declaration.direction;
  }

  @FieldResolver(() => [StatusChange], { description: 'Every transition, oldest first.' })
  async statusHistory(@Root() declaration: DeclarationEntity, @Ctx() context: ClearanceContext) {
    return (await context.loaders.get(context.services.reads.statusHistory).load(declaration.id)) ?? [];
  }

  @FieldResolver(() => MatchResult, { nullable: true, description: 'Null until order, payment, waybill and inventory list are all in.' })
  match(@Root() declaration: DeclarationEntity) {
    const match = declaration.match;
    return match ? { ok: match.ok, mismatches: match.mismatches, at: new Date(match.at) } : null;
  }

  @FieldResolver(() => ImportTax, { nullable: true, description: 'B2C retail imports (ieFlag I, modes 9610, 1210, 1239); null otherwise.' })
  tax(@Root() declaration: DeclarationEntity) {
    return declaration.tax;
  }

  @FieldResolver(() => QuotaContribution, { nullable: true, description: 'What this purchase counts toward the buyer\'s annual quota (B2C imports).' })
  quota(@Root() declaration: DeclarationEntity) {
    if (declaration.quotaYear === null || declaration.quotaAmount === null) return null;
    return { year: declaration.quotaYear, amount: declaration.quotaAmount, counted: declaration.quotaCounted };
  }

  @FieldResolver(() => Enterprise, { description: 'The e-commerce enterprise (ebcCode).' })
  enterprise(@Root() declaration: DeclarationEntity) {
    return { uscc: declaration.enterpriseUscc };
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: 'The e-commerce platform (ebpCode).' })
  platform(@Root() declaration: DeclarationEntity) {
    return declaration.platformUscc ? { uscc: declaration.platformUscc } : null;
  }

  @FieldResolver(() => Buyer, { nullable: true, description: 'The buyer (订购人); null on an export list without one.' })
  buyer(@Root() declaration: DeclarationEntity): BuyerSource | null {
    if (declaration.buyerIdType === null) return null;
    return {
      idType: declaration.buyerIdType, personId: declaration.buyerPersonId, nameEnc: declaration.buyerNameEnc,
      idNumberEnc: declaration.buyerIdNumberEnc, telephoneEnc: declaration.buyerTelephoneEnc,
      subject: { type: 'Declaration', id: declaration.id }, prefix: 'buyer',
    };
  }

  @FieldResolver(() => String, { nullable: true, description: 'Consignee address (consigneeAddress); masked unless revealed (pii:read, audit-logged).' })
  consigneeAddress(@Root() declaration: DeclarationEntity, @Ctx() context: ClearanceContext,
    @Arg('reveal', () => Boolean, { nullable: true, defaultValue: false }) reveal: boolean | null) {
    return context.services.reveal.value(declaration.consigneeAddressEnc, 'address', reveal === true, context,
      { type: 'Declaration', id: declaration.id }, 'consigneeAddress');
  }

  @FieldResolver(() => InventoryHeadFields, { description: 'The head fields of the list as declared.' })
  head(@Root() declaration: DeclarationEntity) {
    return declaration.head;
  }

  @FieldResolver(() => [InventoryItem])
  items(@Root() declaration: DeclarationEntity) {
    return declaration.items;
  }

  @FieldResolver(() => [CustomsReceipt], { description: 'Customs receipts, in the order customs issued them.' })
  async receipts(@Root() declaration: DeclarationEntity, @Ctx() context: ClearanceContext) {
    return (await context.loaders.get(context.services.reads.receipts).load(declaration.id)) ?? [];
  }

  @FieldResolver(() => [DocumentChange], { description: 'Submissions and amendments of the inventory list and of the order, payment and waybill matched with it.' })
  async history(@Root() declaration: DeclarationEntity, @Ctx() context: ClearanceContext) {
    const loader = context.loaders.get(context.services.reads.documentChanges);
    const ids = [declaration.id, declaration.orderId, declaration.paymentId, declaration.waybillId].filter((id): id is string => id !== null);
    const changes = (await loader.loadMany(ids)).flatMap((rows) => (Array.isArray(rows) ? rows : []));
    return changes.sort((a, b) => a.at.getTime() - b.at.getTime() || Number(a.id) - Number(b.id));
  }

  @FieldResolver(() => Order, { nullable: true, description: 'The order matched with this list.' })
  order(@Root() declaration: DeclarationEntity, @Ctx() context: ClearanceContext) {
    return declaration.orderId ? context.loaders.get(context.services.reads.orders).load(declaration.orderId) : null;
  }

  @FieldResolver(() => Payment, { nullable: true, description: 'The payment matched with this list.' })
  payment(@Root() declaration: DeclarationEntity, @Ctx() context: ClearanceContext) {
    return declaration.paymentId ? context.loaders.get(context.services.reads.payments).load(declaration.paymentId) : null;
  }

  @FieldResolver(() => Waybill, { nullable: true, description: 'The waybill matched with this list.' })
  waybill(@Root() declaration: DeclarationEntity, @Ctx() context: ClearanceContext) {
    return declaration.waybillId ? context.loaders.get(context.services.reads.waybills).load(declaration.waybillId) : null;
  }
}
