import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum IdentityResult {
  MATCH = 'MATCH',
  MISMATCH = 'MISMATCH',
  NOT_FOUND = 'NOT_FOUND',
}
registerEnumType(IdentityResult, {
  name: 'IdentityResult',
  description: 'What the public security service said about a name and resident ID number.',
  valuesConfig: {
    MATCH: { description: 'The name is the registered name of that number.' },
    MISMATCH: { description: 'The number exists; the name is not its registered name.' },
    NOT_FOUND: { description: 'The service has no resident with that number.' },
  },
});

@ObjectType({ description: 'The answer of the public security ID verification service. It never repeats the number or the name.' })
export class IdentityCheck {
  @Field(() => IdentityResult) result: IdentityResult;
  @Field() checkedAt: Date;
  @Field({ description: 'The service\'s reference of this check, for disputes.' }) reference: string;
}
