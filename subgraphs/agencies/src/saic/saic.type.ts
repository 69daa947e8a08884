import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar, DecimalScalar } from '../scalars';

export enum SaicStatus {
  IN_BUSINESS = 'IN_BUSINESS',
  REVOKED = 'REVOKED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(SaicStatus, {
  name: 'SaicStatus',
  description: 'Registration status at the market regulator.',
  valuesConfig: {
    IN_BUSINESS: { description: '存续 (在营、开业、在册): in business.' },
    REVOKED: { description: '吊销: business licence revoked.' },
    CANCELLED: { description: '注销: deregistered.' },
  },
});

export enum PublicityList {
  ABNORMAL_OPERATIONS = 'ABNORMAL_OPERATIONS',
  SERIOUS_VIOLATIONS = 'SERIOUS_VIOLATIONS',
}
registerEnumType(PublicityList, {
  name: 'PublicityList',
  description: 'Credit publicity lists of the market regulator.',
  valuesConfig: {
    ABNORMAL_OPERATIONS: { description: '经营异常名录: list of enterprises with abnormal operations.' },
    SERIOUS_VIOLATIONS: { description: '严重违法失信名单: list of seriously illegal and dishonest enterprises.' },
  },
});

@ObjectType({ description: 'An entry on a credit publicity list; removedOn is set once the enterprise was taken off it.' })
export class PublicityEntry {
  @Field(() => PublicityList) list: PublicityList;
  @Field() reason: string;
  @Field(() => DateScalar) listedOn: string;
  @Field(() => DateScalar, { nullable: true }) removedOn: string | null;
  @Field({ description: 'The regulator that listed it.' }) authority: string;
}

@ObjectType({ description: 'What the market regulator (SAIC) publishes about an enterprise: registration and publicity-list entries.' })
export class SaicRecord {
  @Field(() => ID) uscc: string;
  @Field({ description: 'The registered name.' }) name: string;
  @Field({ description: 'Legal form as registered, e.g. 有限责任公司.' }) legalForm: string;
  @Field(() => SaicStatus) status: SaicStatus;
  @Field(() => DecimalScalar) registeredCapital: string;
  @Field({ description: 'ISO 4217 currency of the registered capital.' }) currency: string;
  @Field(() => DateScalar) establishedOn: string;
  @Field() businessScope: string;
  @Field(() => [PublicityEntry], { description: 'Current and past entries, oldest first.' }) publicityEntries: PublicityEntry[];
  @Field({ description: 'True when the regulator could not be reached just now and this is the last good answer.' }) stale: boolean;
  @Field({ description: 'When the regulator gave this answer.' }) fetchedAt: Date;
  @Field(() => Int, { description: 'Seconds since fetchedAt.' }) ageSeconds: number;
}
