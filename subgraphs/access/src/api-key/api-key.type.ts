import { connectionTypes } from '@sw/kernel';
import { Directive, Field, ID, InputType, ObjectType } from 'type-graphql';
import { Role } from './api-key.enums';

@ObjectType({ description: 'An issued API key as key managers see it: never the key, never its hash.' })
@Directive('@key(fields: "id")')
export class ApiKey {
  @Field(() => ID) id: string;
  @Field() label: string;
  @Field(() => Role) role: Role;
  @Field(() => ID, { nullable: true, description: 'The enterprise an ENTERPRISE or PARTNER key acts for.' }) uscc: string | null;
  @Field(() => [String]) scopes: string[];
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'Refused from this instant on; null never expires.' }) expiresAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'Refused from the next request after this instant.' }) revokedAt: Date | null;
  @Field({ description: 'The subject of the caller who issued it.' }) createdBy: string;
}

@ObjectType({ description: 'A newly issued key. `key` is shown this once and cannot be recovered: store it now.' })
export class IssuedApiKey {
  @Field(() => ID) id: string;
  @Field({ description: 'Send as "Authorization: Bearer <key>".' }) key: string;
  @Field(() => Role) role: Role;
  @Field(() => ID, { nullable: true }) uscc: string | null;
  @Field(() => [String]) scopes: string[];
  @Field(() => Date, { nullable: true }) expiresAt: Date | null;
}

@ObjectType({ description: 'Internal: what the gateway needs to accept or refuse a key.' })
@Directive('@inaccessible')
export class VerifiedApiKey {
  @Field(() => ID) id: string;
  @Field(() => Role) role: Role;
  @Field(() => ID, { nullable: true }) uscc: string | null;
  @Field(() => [String]) scopes: string[];
  @Field(() => Date, { nullable: true }) expiresAt: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
}

@InputType()
export class IssueApiKeyInput {
  @Field({ description: 'What the key is for, 1 to 100 characters; name a system, not a person.' }) label: string;
  @Field(() => Role) role: Role;
  @Field(() => ID, { nullable: true, description: 'Required for ENTERPRISE and PARTNER keys; a REGULATOR key has none.' })
  uscc?: string | null;
  @Field(() => [String], { nullable: true, description: 'pii:read idcheck:use keys:manage audit:read declarations:write credit:write trace:write' })
  scopes?: string[] | null;
  @Field(() => Date, { nullable: true, description: 'In the future; omitted, the key does not expire.' }) expiresAt?: Date | null;
}

export const ApiKeyConnection = connectionTypes('ApiKey', ApiKey);
