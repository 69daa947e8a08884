import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { StatDimensionEnum, type StatDimension } from '../common/enums';
import { DateScalar, DecimalScalar } from '../common/scalars';

@ObjectType({ description: 'One dimension of a statistics row and its value.' })
export class StatDimensionValue {
  @Field(() => StatDimensionEnum) dimension: StatDimension;

  @Field({ description: 'IMPORT / EXPORT, MODE_9610 …, ZHENGZHOU …, a country code, a two-digit HS chapter or a role; UNKNOWN when the enterprise\'s filing had not reached statistics; OTHER for cells pooled to protect single enterprises.' })
  value: string;
}

@ObjectType({ description: 'Trade in one period (and one combination of the grouped dimensions): declarations cleared, their value in CNY, and growth.' })
export class StatRow {
  @Field({ description: 'The period: 2026-11-25, 2026-W48, 2026-11, 2026-Q4 or 2026 (Asia/Shanghai).' })
  period: string;

  @Field(() => DateScalar, { description: 'First day counted: the period\'s first, or `from` when the range starts inside it.' })
  from: string;

  @Field(() => DateScalar, { description: 'Last day counted: the period\'s last, or `to` (or today) when the range ends inside it.' })
  to: string;

  @Field(() => [StatDimensionValue], { description: 'The values of the groupBy dimensions, in the order asked.' })
  dimensions: StatDimensionValue[];

  @Field(() => Int, { description: 'Declarations cleared (a declaration counts once in each HS chapter or role row it belongs to).' })
  count: number;

  @Field(() => DecimalScalar, { description: 'Value in CNY.' })
  value: string;

  @Field(() => Float, { nullable: true, description: 'Growth of value against the same days of the previous period (0.25 = +25 %); null when that had no trade or is not shown to the caller.' })
  growth: number | null;

  @Field(() => Float, { nullable: true, description: 'Growth of value against the same days of the same period a year earlier; null when unknown.' })
  yearOnYear: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of the value declared in CNY (settled in renminbi); null when the value is 0.' })
  settledInCnyShare: number | null;
}

@ObjectType({ description: 'An enterprise\'s cleared trade in one calendar year (it is the declaring e-commerce enterprise).' })
export class TradeSummary {
  @Field(() => ID) uscc: string;
  @Field(() => Int) year: number;
  @Field(() => DateScalar, { description: 'Last day counted: 31 December, or today for the current year.' }) to: string;
  @Field(() => Int, { description: 'Declarations cleared.' }) count: number;
  @Field(() => DecimalScalar, { description: 'Value in CNY, import and export.' }) value: string;
  @Field(() => DecimalScalar) importValue: string;
  @Field(() => DecimalScalar) exportValue: string;
  @Field(() => Float, { nullable: true, description: 'Against the same days of the previous year; null when it had no trade.' }) yearOnYear: number | null;
  @Field(() => Float, { nullable: true }) settledInCnyShare: number | null;
  @Field(() => [StatRow], { description: 'Months with trade, with growth against the previous month and the same month a year earlier.' }) months: StatRow[];
}
