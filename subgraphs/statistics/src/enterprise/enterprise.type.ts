import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The registry's Enterprise, extended here with its trade summary; resolvable by USCC alone. The registry describes it. */
@ObjectType()
@Directive('@key(fields: "uscc")')
export class Enterprise {
  @Field(() => ID, { description: 'Unified social credit code (GB 32100-2015).' }) uscc: string;
}

/** A reference the gateway completes from the registry. */
export const enterpriseRef = (uscc: string): Enterprise => ({ uscc });
