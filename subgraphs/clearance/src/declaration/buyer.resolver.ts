import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { ClearanceContext } from '../context';
import type { BuyerSource } from './buyer';
import { Buyer, Person } from './declaration.type';

export const revealArg = { nullable: true, defaultValue: false, description: 'Show the value whole (needs pii:read; audit-logged).' };

@Resolver(() => Buyer)
export class BuyerResolver {
  @FieldResolver(() => String)
  async name(@Root() buyer: BuyerSource, @Ctx() context: ClearanceContext, @Arg('reveal', () => Boolean, revealArg) reveal: boolean | null) {
    return (await context.services.reveal.value(buyer.nameEnc, 'name', reveal === true, context, buyer.subject, `${buyer.prefix}.name`)) ?? '';
  }

  @FieldResolver(() => String)
  async idNumber(@Root() buyer: BuyerSource, @Ctx() context: ClearanceContext, @Arg('reveal', () => Boolean, revealArg) reveal: boolean | null) {
    return (await context.services.reveal.value(buyer.idNumberEnc, 'idNumber', reveal === true, context, buyer.subject, `${buyer.prefix}.idNumber`)) ?? '';
  }

  @FieldResolver(() => String, { nullable: true })
  telephone(@Root() buyer: BuyerSource, @Ctx() context: ClearanceContext, @Arg('reveal', () => Boolean, revealArg) reveal: boolean | null) {
    return context.services.reveal.value(buyer.telephoneEnc, 'phone', reveal === true, context, buyer.subject, `${buyer.prefix}.telephone`);
  }

  @FieldResolver(() => Person, { nullable: true, description: 'Set when the buyer\'s ID is filed with the registry (fileIndividual): the same keyed-hash id.' })
  async person(@Root() buyer: BuyerSource, @Ctx() context: ClearanceContext) {
    if (!buyer.personId) return null;
    const filed = await context.loaders.get(context.services.reads.filedPersons).load(buyer.personId);
    return filed ? { id: buyer.personId } : null;
  }
}
