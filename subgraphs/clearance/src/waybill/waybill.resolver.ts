import { Arg, Ctx, Directive, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { ClearanceContext } from '../context';
import { revealArg } from '../declaration/buyer.resolver';
import { Declaration, DocumentChange } from '../declaration/declaration.type';
import type { WaybillEntity } from './waybill.entity';
import { WaybillInput } from './waybill.inputs';
import { Waybill } from './waybill.type';

const WRITE = '@requiresScopes(scopes: [["declarations:write"]])';

@Resolver(() => Waybill)
export class WaybillResolver {
  @Mutation(() => Waybill, {
    description: 'Submits a waybill (CEB511 import, CEB505 export). The same content again returns it; changed content before customs has the declaration is an amendment. Needs declarations:write; the logistics enterprise (logisticsCode) or a regulator.',
  })
  @Directive('@authenticated')
  @Directive(WRITE)
  submitWaybill(@Arg('input', () => WaybillInput) input: WaybillInput, @Ctx() context: ClearanceContext) {
    return context.services.submissions.submitWaybill(input, context);
  }

  @FieldResolver(() => String, { nullable: true })
  consignee(@Root() waybill: WaybillEntity, @Ctx() context: ClearanceContext, @Arg('reveal', () => Boolean, revealArg) reveal: boolean | null) {
    return context.services.reveal.value(waybill.consigneeEnc, 'name', reveal === true, context, { type: 'Waybill', id: waybill.id }, 'consignee');
  }

  @FieldResolver(() => String, { nullable: true })
  consigneeAddress(@Root() waybill: WaybillEntity, @Ctx() context: ClearanceContext, @Arg('reveal', () => Boolean, revealArg) reveal: boolean | null) {
    return context.services.reveal.value(waybill.consigneeAddressEnc, 'address', reveal === true, context, { type: 'Waybill', id: waybill.id }, 'consigneeAddress');
  }

  @FieldResolver(() => String, { nullable: true })
  consigneeTelephone(@Root() waybill: WaybillEntity, @Ctx() context: ClearanceContext, @Arg('reveal', () => Boolean, revealArg) reveal: boolean | null) {
    return context.services.reveal.value(waybill.consigneeTelephoneEnc, 'phone', reveal === true, context, { type: 'Waybill', id: waybill.id }, 'consigneeTelephone');
  }

  @FieldResolver(() => Declaration, { nullable: true, description: 'The declaration that clears this waybill, when the caller may read it.' })
  declaration(@Root() waybill: WaybillEntity, @Ctx() context: ClearanceContext) {
    return context.services.reads.declarationOfWaybill(waybill.id, context);
  }

  @FieldResolver(() => [DocumentChange], { description: 'Submission and amendments, oldest first.' })
  async history(@Root() waybill: WaybillEntity, @Ctx() context: ClearanceContext) {
    return (await context.loaders.get(context.services.reads.documentChanges).load(waybill.id)) ?? [];
  }
}
