import { connectionTypes } from '@sw/kernel';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Enterprise } from '../enterprise/enterprise.type';
import { DataScope } from './grant.enums';

@ObjectType({ description: 'Consent of an enterprise (uscc) for a partner enterprise to read scopes of its data until a time.' })
export class DataAccessGrant {
  @Field(() => ID) id: string;
  @Field(() => ID, { description: 'The enterprise whose data the partner may read.' }) uscc: string;
  @Field(() => ID, { description: 'The partner (a bank, insurer, payment firm …): its PARTNER keys carry this USCC.' }) partnerUscc: string;
  @Field(() => Enterprise, { description: 'The partner enterprise (its name and roles come from the registry).' }) partner: Enterprise;
  @Field(() => [DataScope]) scopes: DataScope[];
  @Field({ description: 'The partner reads nothing under the grant from this instant on.' }) until: Date;
  @Field(() => Date, { nullable: true, description: 'When it was revoked; null while it is not.' }) revokedAt: Date | null;
  @Field() createdAt: Date;
  @Field({ description: 'Neither revoked nor past until, when this answer was made.' }) live: boolean;
}

@InputType({ description: 'A grant: the enterprise (uscc) lets the partner (partnerUscc) read these scopes until a time.' })
export class GrantDataAccessInput {
  @Field(() => ID, { description: 'The granting enterprise: for an ENTERPRISE caller, its own USCC.' }) uscc: string;
  @Field(() => ID, { description: 'The partner enterprise, filed with the Single Window; not uscc itself.' }) partnerUscc: string;
  @Field(() => [DataScope], { description: 'At least one, each once.' }) scopes: DataScope[];
  @Field({ description: 'In the future; the grant ends by itself then.' }) until: Date;
}

@ObjectType({ description: 'One request in which a partner read data of the enterprise under a grant: what, under which scope, when.' })
export class DataAccessLogEntry {
  @Field(() => ID, { description: 'The id of the access.grant.used event it records.' }) id: string;
  @Field(() => ID) partnerUscc: string;
  @Field(() => Enterprise, { description: 'The partner enterprise (its name comes from the registry).' }) partner: Enterprise;
  @Field(() => DataScope) scope: DataScope;
  @Field(() => [String], { description: 'The fields read under that scope, by name (e.g. "credit score"); never their values.' }) what: string[];
  @Field({ description: 'When the read was served.' }) at: Date;
  @Field({ description: 'The gateway request (x-request-id, at most 128 characters): the partner can match it to its own logs.' }) requestId: string;
}

export const DataAccessLogConnection = connectionTypes('DataAccessLog', DataAccessLogEntry);
