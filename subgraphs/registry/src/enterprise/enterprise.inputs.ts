import { Field, ID, InputType } from 'type-graphql';
import { Region } from '../region/region';
import { EnterpriseRole, FilingStatus } from './enterprise.enums';

@InputType()
export class FileEnterpriseInput {
  @Field(() => ID) uscc: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) customsCode?: string | null;
  @Field(() => Region) region: Region;
  @Field(() => [EnterpriseRole]) roles: EnterpriseRole[];
  @Field(() => String, { nullable: true }) legalRepresentative?: string | null;
  @Field(() => String, { nullable: true }) address?: string | null;
  @Field(() => String, { nullable: true }) contactPhone?: string | null;
}

@InputType({ description: 'Only the fields given change; null clears an optional field.' })
export class AmendFilingInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) customsCode?: string | null;
  @Field(() => Region, { nullable: true }) region?: Region | null;
  @Field(() => [EnterpriseRole], { nullable: true }) roles?: EnterpriseRole[] | null;
  @Field(() => String, { nullable: true }) legalRepresentative?: string | null;
  @Field(() => String, { nullable: true }) address?: string | null;
  @Field(() => String, { nullable: true }) contactPhone?: string | null;
}

@InputType()
export class EnterpriseFilter {
  @Field(() => [Region], { nullable: true }) regions?: Region[] | null;
  @Field(() => EnterpriseRole, { nullable: true, description: 'Enterprises holding this role.' }) role?: EnterpriseRole | null;
  @Field(() => [FilingStatus], { nullable: true }) statuses?: FilingStatus[] | null;
  @Field(() => String, { nullable: true, description: 'Case-insensitive part of the name.' }) nameContains?: string | null;
  @Field(() => String, { nullable: true }) customsCode?: string | null;
}
