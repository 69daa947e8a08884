import { Field, Float, ID, InputType } from 'type-graphql';
import { WarehouseKind, WarehouseService, WarehouseStatus } from '../common/enums';

@InputType({
  description: 'A warehouse to register. The operator registers its own (ENTERPRISE with that USCC), or a regulator any; the same warehouse '
    + '(operator, kind, country, city, name) again with the same details returns the one registered.',
})
export class WarehouseInput {
  @Field({ description: 'Its name, at most 200 characters.' }) name: string;
  @Field(() => ID, { description: 'USCC of the enterprise that runs it: filed with the Single Window with the role WAREHOUSE or LOGISTICS.' }) operatorUscc: string;
  @Field(() => WarehouseKind, { description: 'BONDED warehouses are in China (country CN); overseas ones outside it.' }) kind: WarehouseKind;
  @Field({ description: 'ISO 3166-1 alpha-2, e.g. CN, US, DE.' }) country: string;
  @Field({ description: 'City, at most 100 characters.' }) city: string;
  @Field(() => Float, { description: 'Floor area in square metres: more than 0 and at most 2,000,000; kept to 0.01.' }) areaM2: number;
  @Field(() => String, { nullable: true, description: 'Street address, at most 300 characters.' }) address?: string | null;
  @Field(() => [WarehouseService], { nullable: true, description: 'What it offers; none when omitted.' }) services?: WarehouseService[] | null;
}

@InputType({ description: 'Filters of the warehouse register; all given must hold.' })
export class WarehouseFilter {
  @Field(() => WarehouseKind, { nullable: true }) kind?: WarehouseKind | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2.' }) country?: string | null;
  @Field(() => ID, { nullable: true }) operatorUscc?: string | null;
  @Field(() => [WarehouseStatus], { nullable: true, description: 'Any of these; all statuses when omitted.' }) statuses?: WarehouseStatus[] | null;
}

@InputType({ description: 'A new status for a warehouse.' })
export class WarehouseStatusInput {
  @Field(() => ID) id: string;
  @Field(() => WarehouseStatus) status: WarehouseStatus;
  @Field({ description: 'Why, at most 500 characters; shown in the register.' }) reason: string;
}
