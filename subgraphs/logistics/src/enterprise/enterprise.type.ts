import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The registry's Enterprise, named here by its USCC only (a warehouse's operator); the registry resolves it. */
@ObjectType()
@Directive('@key(fields: "uscc", resolvable: false)')
export class Enterprise {
  @Field(() => ID, { description: 'Unified social credit code (GB 32100-2015).' }) uscc: string;
}

export const enterpriseRef = (uscc: string): Enterprise => ({ uscc });
