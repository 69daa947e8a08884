import { connectionTypes } from '@sw/kernel';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Region } from '../region/region';
import { Agency, EnterpriseRole, FilingChangeKind, FilingStatus, QualificationStatus } from './enterprise.enums';

@ObjectType({ description: 'An enterprise filed once with the Single Window; customs documents name it by customsCode.' })
@Directive('@key(fields: "uscc")')
@Directive('@key(fields: "customsCode")')
export class Enterprise {
  @Field(() => ID, { description: 'Unified social credit code (GB 32100-2015).' }) uscc: string;
  @Field() name: string;
  @Field(() => String, { nullable: true, description: '10-character customs registration code.' }) customsCode: string | null;
  @Field(() => Region) region: Region;
  @Field(() => [EnterpriseRole]) roles: EnterpriseRole[];
}

@ObjectType({ description: 'One agency\'s qualification, derived from the single filing.' })
export class Qualification {
  @Field(() => Agency) agency: Agency;
  @Field(() => QualificationStatus) status: QualificationStatus;
  @Field() updatedAt: Date;
}

@ObjectType({ description: 'A filing, an amendment or a revocation, with who did it and when.' })
export class FilingChange {
  @Field(() => FilingChangeKind) kind: FilingChangeKind;
  @Field(() => [String], { description: 'Input fields that changed (amendments).' }) changed: string[];
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field() actor: string;
  @Field() at: Date;
}

@ObjectType()
export class Filing {
  @Field(() => FilingStatus) status: FilingStatus;
  @Field(() => [Qualification]) qualifications: Qualification[];
  @Field() filedAt: Date;
  @Field() updatedAt: Date;
  @Field(() => [FilingChange], { description: 'Oldest first.' }) history: FilingChange[];
}

export const EnterpriseConnection = connectionTypes('Enterprise', Enterprise);
