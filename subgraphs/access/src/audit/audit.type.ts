import { connectionTypes } from '@sw/kernel';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { AuditAction } from './audit.enums';

@ObjectType({ description: 'One entry of the append-only audit log; hash = sha256(prevHash + canonical JSON of the other fields).' })
export class AuditEntry {
  @Field(() => Int, { description: 'Position in the chain.' }) seq: number;
  @Field(() => ID, { description: 'For an entry made from a bus event, that event\'s id.' }) id: string;
  @Field() at: Date;
  @Field({ description: 'Who acted: the caller\'s subject.' }) actor: string;
  @Field(() => AuditAction) action: AuditAction;
  @Field({ description: 'What it was about, by id (a key id, a Person id …).' }) subject: string;
  @Field(() => GraphQLJSONObject, { description: 'Ids and codes only, never personal data.' }) detail: Record<string, unknown>;
  @Field() prevHash: string;
  @Field() hash: string;
}

@ObjectType({ description: 'The audit chain recomputed from its first entry.' })
export class AuditChainCheck {
  @Field({ description: 'Every entry links to the previous one and hashes to its stored hash.' }) ok: boolean;
  @Field(() => Int, { description: 'Entries checked.' }) entries: number;
  @Field(() => Int, { nullable: true, description: 'The first entry whose link or hash does not hold.' }) firstBrokenSeq: number | null;
}

@InputType({ description: 'All given conditions hold; from is inclusive, to exclusive.' })
export class AuditFilter {
  @Field(() => String, { nullable: true }) actor?: string | null;
  @Field(() => AuditAction, { nullable: true }) action?: AuditAction | null;
  @Field(() => String, { nullable: true }) subject?: string | null;
  @Field(() => Date, { nullable: true }) from?: Date | null;
  @Field(() => Date, { nullable: true }) to?: Date | null;
}

@InputType({ description: 'Internal, for the gateway: one entry to append.' })
@Directive('@inaccessible')
export class AuditInput {
  @Field(() => AuditAction, { description: 'ACCESS_REFUSED or IDENTITY_CHECKED; the others come from bus events.' }) action: AuditAction;
  @Field() actor: string;
  @Field() subject: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Ids and codes only: personal data is refused.' })
  detail?: Record<string, unknown> | null;
}

export const AuditEntryConnection = connectionTypes('AuditEntry', AuditEntry);
