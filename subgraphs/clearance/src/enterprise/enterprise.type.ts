import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The registry owns `Enterprise`; clearance adds the declarations an enterprise is a party to. */
@ObjectType({ description: 'An enterprise filed with the Single Window (owned by the registry).' })
@Directive('@key(fields: "uscc")')
export class Enterprise {
  @Field(() => ID, { description: 'Unified social credit code (GB 32100-2015).' }) uscc: string;
}
