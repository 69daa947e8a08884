import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The registry owns `Enterprise`; access adds the consent grants it gave and the log of reads
 * under them, and needs nothing but the USCC for that.
 */
// No description: the registry's, on the type it owns, is the one partners read.
@ObjectType()
@Directive('@key(fields: "uscc")')
export class Enterprise {
  @Field(() => ID, { description: 'Unified social credit code (GB 32100-2015).' }) uscc: string;
}

/** A reference the gateway completes from the registry. */
export const enterpriseRef = (uscc: string): Enterprise => ({ uscc });
