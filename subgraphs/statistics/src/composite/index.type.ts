import { Field, Float, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One component of the composite index (subgraphs/statistics/INDEX.md).' })
export class IndexComponent {
  @Field({ description: 'SCALE, GROWTH, STRUCTURE, EFFICIENCY, CREDIT_QUALITY or RISK.' }) name: string;
  @Field(() => Float, { description: 'The component\'s sub-index: 100 × its level / its level in the base period (100 when either is unknown).' }) value: number;
  @Field(() => Float, { description: 'Its weight in the index; the weights add up to 1.' }) weight: number;
  @Field(() => Float, { nullable: true, description: 'What it measured in the period (INDEX.md gives the unit); null when there was nothing to measure.' }) level: number | null;
  @Field(() => Float, { nullable: true, description: 'The same measure in the base period.' }) baseLevel: number | null;
}

@ObjectType({ description: 'The composite CBEC index of a month; the base period is 100.' })
export class CompositeIndex {
  @Field({ description: 'The month, YYYY-MM (Asia/Shanghai).' }) period: string;
  @Field(() => Float) value: number;
  @Field({ description: 'True for the current month (and a closed month not yet published): the figure moves as trade clears. A published month never changes.' })
  provisional: boolean;
  @Field(() => [IndexComponent]) components: IndexComponent[];
  @Field({ description: 'The month whose index is 100.' }) basePeriod: string;
  @Field(() => Date, { nullable: true, description: 'When the figure was published; null while provisional.' }) publishedAt: Date | null;
}
