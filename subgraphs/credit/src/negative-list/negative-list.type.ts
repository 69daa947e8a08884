import { connectionTypes } from '@sw/kernel';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { DateScalar } from '../common/date.scalar';
import { Enterprise } from '../enterprise/enterprise.type';

@ObjectType({ description: 'A subject barred or restricted from CBEC business: its new filings and declarations are refused. Public, like every credit list.' })
export class NegativeListEntry {
  @Field(() => ID) id: string;
  @Field(() => ID) uscc: string;
  @Field(() => Enterprise) enterprise: Enterprise;
  @Field() reason: string;
  @Field({ description: 'The authority that listed it.' }) authority: string;
  @Field(() => DateScalar) listedOn: string;
  @Field() listedAt: Date;
  @Field(() => DateScalar, { nullable: true, description: 'Null while listed.' }) delistedOn: string | null;
  @Field(() => Date, { nullable: true }) delistedAt: Date | null;
  @Field(() => String, { nullable: true }) delistReason: string | null;
  @Field(() => String, { nullable: true }) delistAuthority: string | null;
}

export const NegativeListConnection = connectionTypes('NegativeList', NegativeListEntry);

@InputType()
export class NegativeListingInput {
  @Field(() => ID, { description: 'USCC of a filed enterprise not already listed.' }) uscc: string;
  @Field({ description: 'Why (at most 500 characters).' }) reason: string;
  @Field({ description: 'The deciding authority, e.g. 郑州市商务局.' }) authority: string;
  @Field(() => DateScalar, { nullable: true, description: 'Date of the decision; today (Asia/Shanghai) when left out; not in the future.' })
  listedOn?: string | null;
}

@InputType()
export class NegativeDelistingInput {
  @Field(() => ID, { description: 'USCC of a listed enterprise.' }) uscc: string;
  @Field({ description: 'Why (at most 500 characters).' }) reason: string;
  @Field({ description: 'The deciding authority.' }) authority: string;
  @Field(() => DateScalar, { nullable: true, description: 'Date of the decision; today when left out; not before the listing, not in the future.' })
  delistedOn?: string | null;
}
