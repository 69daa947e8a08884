import { Field, Float, ID, ObjectType } from 'type-graphql';
import {
  CreditGradeEnum, CustomsCreditClassEnum, PreEntryCheckEnum,
} from '../common/enums';
import type { CreditGrade, CustomsCreditClass, Factor, PreEntryCheck, RiskClass, TaxRating } from '../method/method';

@ObjectType({ description: 'One input of the score: the score is the sum of every factor\'s contribution (METHOD.md).' })
export class CreditFactor {
  @Field({ description: 'BASE, REGULATOR, SAIC, TAX, NEGATIVE_LIST, CLEARANCE, TRACEABILITY or STATISTICS.' }) source: string;
  @Field({ description: 'The record kind (PENALTY, TAX_RATING …), BASE or LISTED.' }) kind: string;
  @Field(() => Float, { description: 'Decay multiplier 0..1: 0.5^(age / half-life); 1 for what does not decay.' }) weight: number;
  @Field(() => Float, { description: 'Points added to (or taken from) the score.' }) contribution: number;
  @Field(() => String, { nullable: true, description: 'Date, authority and evidence of the input.' }) evidence: string | null;
  @Field(() => ID, { nullable: true, description: 'The credit record behind this factor.' }) recordId: string | null;
}

@ObjectType({ description: 'Graded supervision derived from the customs class and the credit grade.' })
export class Supervision {
  @Field(() => Float, { description: 'Share of declarations selected for inspection, 0..1.' }) inspectionRate: number;
  @Field({ description: 'Whether simplified clearance (inventory release, summary declaration) is allowed.' }) simplifiedClearance: boolean;
  @Field(() => [PreEntryCheckEnum], { description: 'Checks before goods are released.' }) preEntryChecks: PreEntryCheck[];
  @Field({ description: 'The class and grade these measures follow from.' }) basis: string;
}

@ObjectType({ description: 'A change of credit grade or customs class, with what caused it.' })
export class GradeChange {
  @Field(() => CreditGradeEnum, { nullable: true, description: 'Null for the first grade.' }) from: CreditGrade | null;
  @Field(() => CreditGradeEnum) to: CreditGrade;
  @Field(() => CustomsCreditClassEnum, { nullable: true }) fromCustomsClass: CustomsCreditClass | null;
  @Field(() => CustomsCreditClassEnum) toCustomsClass: CustomsCreditClass;
  @Field(() => Float) score: number;
  @Field() cause: string;
  @Field() at: Date;
}

/**
 * An enterprise's credit. `grade` and `onNegativeList` are public to every authenticated caller
 * (API.md); every other field only to the enterprise itself, regulators and partners under its
 * live grant (CREDIT; RISK for riskClass): those are field resolvers in profile.resolver.ts, which check.
 */
@ObjectType({ description: 'Credit profile: grade and negative-list status are public; the rest is for the enterprise itself, regulators and partners under its grant (scope CREDIT; RISK for riskClass).' })
export class CreditProfile {
  @Field(() => CreditGradeEnum) grade: CreditGrade;
  @Field({ description: 'On the Single Window negative list: barred from new filings and declarations.' }) onNegativeList: boolean;
}

/** What the profile resolvers receive: the stored profile, or the baseline of an enterprise nothing is known about yet. */
export interface ProfileView {
  uscc: string;
  grade: CreditGrade;
  customsClass: CustomsCreditClass;
  taxRating: TaxRating | null;
  onNegativeList: boolean;
  score: number;
  factors: Factor[];
  supervision: Supervision;
  riskClass: RiskClass;
  computedAt: Date | null;
}
