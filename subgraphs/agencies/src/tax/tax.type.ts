import { connectionTypes } from '@sw/kernel';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar, DecimalScalar } from '../scalars';

// The same enum as the credit subgraph's CreditProfile.taxRating (API.md, Credit): the values must agree.
export enum TaxRating {
  A = 'A',
  B = 'B',
  M = 'M',
  C = 'C',
  D = 'D',
}
registerEnumType(TaxRating, {
  name: 'TaxRating',
  description: 'Tax credit rating (纳税信用级别): A ≥ 90 points, B 70–90, M new or no-income enterprises, C 40–70, D < 40 or assigned.',
});

export enum RebateStatus {
  SUBMITTED = 'SUBMITTED',
  UNDER_REVIEW = 'UNDER_REVIEW',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  PAID = 'PAID',
}
registerEnumType(RebateStatus, { name: 'RebateStatus', description: 'Where an export-rebate declaration (出口退税申报) stands at the tax bureau.' });

@ObjectType({ description: 'VAT exemption of CBEC retail exports without purchase invoices (无票免税).' })
export class VatExemption {
  @Field() eligible: boolean;
  @Field({ description: 'The bureau\'s legal basis or reason.' }) basis: string;
  @Field({ description: 'True when the bureau could not be reached just now and this is the last good answer.' }) stale: boolean;
  @Field() fetchedAt: Date;
  @Field(() => Int) ageSeconds: number;
}

@ObjectType({ description: 'An export-rebate declaration as the tax bureau reports it.' })
export class ExportRebate {
  @Field(() => ID, { description: 'The bureau\'s id of the declaration.' }) id: string;
  @Field({ description: 'The declared period, as submitted (e.g. 2025-06).' }) period: string;
  @Field(() => DecimalScalar) amount: string;
  @Field() currency: string;
  @Field(() => RebateStatus) status: RebateStatus;
  @Field() submittedAt: Date;
  @Field() updatedAt: Date;
  @Field(() => String, { nullable: true, description: 'Why the bureau rejected it; null unless REJECTED.' }) reason: string | null;
}

export const ExportRebateConnection = connectionTypes('ExportRebate', ExportRebate);

@ObjectType({ description: 'What the tax bureau says about an enterprise. Visible to the enterprise itself, regulators and partners it granted access.' })
export class TaxProfile {
  uscc: string;
  @Field(() => TaxRating, { nullable: true, description: 'Null when the bureau has not rated the enterprise yet.' }) rating: TaxRating | null;
  @Field(() => Float, { nullable: true, description: 'Points out of 100; null for M and assigned ratings.' }) score: number | null;
  @Field(() => Int, { nullable: true, description: 'The tax year the rating is for.' }) year: number | null;
  @Field(() => DateScalar, { nullable: true }) assessedOn: string | null;
  @Field({ description: 'True when the bureau could not be reached just now and the rating is the last good answer.' }) stale: boolean;
  @Field({ description: 'When the bureau gave the rating.' }) fetchedAt: Date;
  @Field(() => Int, { description: 'Seconds since fetchedAt.' }) ageSeconds: number;
}

@InputType({ description: 'An export-rebate declaration. Resubmitting with the same requestId returns the same declaration.' })
export class SubmitExportRebateInput {
  @Field(() => ID, { description: 'The exporting enterprise (an ENTERPRISE caller: its own).' }) uscc: string;
  @Field({ description: 'The declared period, YYYY-MM.' }) period: string;
  @Field(() => DecimalScalar, { description: 'The rebate claimed, a decimal string with at most 2 places, e.g. "12500.00".' }) amount: string;
  @Field(() => String, { nullable: true, description: 'CNY (the default): export rebates are declared and paid in CNY.' }) currency?: string | null;
  @Field(() => [String], { description: 'The export declarations (报关单号) the claim rests on; 1 to 100.' }) exportDeclarationIds: string[];
  @Field({ description: 'The caller\'s idempotency key, 8 to 64 characters of A-Z a-z 0-9 . _ -.' }) requestId: string;
}
