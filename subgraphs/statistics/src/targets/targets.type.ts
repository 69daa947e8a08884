import { Field, Float, ObjectType } from 'type-graphql';
import { DateScalar, DecimalScalar } from '../common/scalars';

@ObjectType({ description: 'Progress against one of the pilot zone\'s development targets.' })
export class TargetProgress {
  @Field({ description: 'CBEC_ENTERPRISES, PUBLIC_OVERSEAS_WAREHOUSES, TRAINING_BASES, DEMONSTRATION_PARKS or CBEC_TRADE_VALUE.' }) key: string;
  @Field() name: string;
  @Field(() => DecimalScalar, { description: 'The plan\'s figure (configurable: STATISTICS_TARGETS).' }) target: string;
  @Field(() => DecimalScalar, { description: 'Where the zone stands: measured by the system, or the latest figure a regulator entered (0.00 before any).' }) actual: string;
  @Field({ description: 'enterprises, warehouses, bases, parks or CNY.' }) unit: string;
  @Field({ description: 'True when the system measures the figure from its own events; false when regulators enter it (recordTargetProgress).' }) measured: boolean;
  @Field(() => Float, { nullable: true, description: 'actual / target (1 = reached); null for a target of 0.' }) progress: number | null;
  @Field(() => DateScalar, { nullable: true, description: 'The day the figure stands for: today when measured, the entry\'s asOf when entered, null before any entry.' }) asOf: string | null;
  @Field({ description: 'How the figure is measured or where it comes from.' }) basis: string;
}
