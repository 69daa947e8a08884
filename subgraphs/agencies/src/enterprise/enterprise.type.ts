import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The registry owns `Enterprise`; this subgraph adds what the agencies say about it (`saic`, `tax`)
 * and needs nothing but the USCC to ask them.
 */
// No description: the registry's, on the type it owns, is the one partners read.
@ObjectType()
@Directive('@key(fields: "uscc")')
export class Enterprise {
  @Field(() => ID, { description: 'Unified social credit code (GB 32100-2015).' }) uscc: string;
}
