import { connectionTypes } from '@sw/kernel';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { DateScalar } from '../common/date.scalar';
import {
  CertificationLevelEnum, CreditEventKindEnum, CreditRecordKindEnum, CreditSourceEnum, TaxRatingEnum,
} from '../common/enums';
import type { CertificationLevel, CreditSource, RecordKind, RegulatorKind, TaxRating } from '../method/method';

@ObjectType({ description: 'One input to an enterprise\'s credit, from a regulator, SAIC, the tax bureau or (later) clearance and traceability.' })
export class CreditRecord {
  @Field(() => ID) id: string;
  @Field(() => ID, { description: 'The enterprise it is about.' }) uscc: string;
  @Field(() => CreditSourceEnum) source: CreditSource;
  @Field(() => CreditRecordKindEnum) kind: RecordKind;
  @Field({ description: 'The authority that decided or reported it.' }) authority: string;
  @Field(() => DateScalar, { description: 'When it happened (a decision date, the date listed, the date rated).' }) occurredOn: string;
  @Field(() => DateScalar, { nullable: true, description: 'When it stopped counting: removed from a list; null while in force.' }) endedOn: string | null;
  @Field({ description: 'What supports it: decision number, list reason, rating.' }) evidence: string;
  @Field(() => CertificationLevelEnum, { nullable: true, description: 'CERTIFICATION records: the level granted.' }) certificationLevel: CertificationLevel | null;
  @Field(() => TaxRatingEnum, { nullable: true, description: 'TAX_RATING records: the rating.' }) taxRating: TaxRating | null;
  @Field() recordedAt: Date;
  @Field({ description: 'Who recorded it: the caller\'s subject, or the publisher of the source event.' }) recordedBy: string;
}

export const CreditRecordConnection = connectionTypes('CreditRecord', CreditRecord);

@InputType({ description: 'A regulator\'s credit record about a filed enterprise.' })
export class CreditEventInput {
  @Field(() => ID, { description: 'USCC of a filed enterprise.' }) uscc: string;
  @Field(() => CreditEventKindEnum) kind: RegulatorKind;
  @Field({ description: 'The deciding authority, e.g. 郑州海关.' }) authority: string;
  @Field(() => DateScalar, { description: 'Date of the decision; not in the future (Asia/Shanghai).' }) occurredOn: string;
  @Field({ description: 'Decision number, facts and references (at most 2000 characters).' }) evidence: string;
  @Field(() => CertificationLevelEnum, { nullable: true, description: 'Required for CERTIFICATION, refused for other kinds.' })
  certificationLevel?: CertificationLevel | null;
}
