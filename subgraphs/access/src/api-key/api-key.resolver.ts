import { Arg, Ctx, Directive, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { AccessContext } from '../context';
import { ApiKey, ApiKeyConnection, IssueApiKeyInput, IssuedApiKey, VerifiedApiKey } from './api-key.type';

// The gateway enforces these before calling the subgraph; the services check again.
const KEYS_MANAGE = '@requiresScopes(scopes: [["keys:manage"]])';

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => ApiKeyConnection, { description: 'Issued keys, newest first (keys:manage). Never shows a key or its hash.' })
  @Directive(KEYS_MANAGE)
  apiKeys(
    @Ctx() context: AccessContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return context.services.apiKeys.list(first, after, context);
  }

  @Mutation(() => IssuedApiKey, { description: 'Issues a key (keys:manage); the key is in the answer this once, and stored hashed.' })
  @Directive(KEYS_MANAGE)
  issueApiKey(@Arg('input', () => IssueApiKeyInput) input: IssueApiKeyInput, @Ctx() context: AccessContext) {
    return context.services.apiKeys.issue(input, context);
  }

  @Mutation(() => Boolean, { description: 'Revokes a key from the next request on (keys:manage); revoking it again is true and changes nothing.' })
  @Directive(KEYS_MANAGE)
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() context: AccessContext) {
    return context.services.apiKeys.revoke(id, context);
  }

  @Query(() => VerifiedApiKey, { nullable: true, description: 'Internal, for the gateway: the key with this SHA-256 (hex), or null.' })
  @Directive('@inaccessible')
  verifyApiKey(@Arg('keyHash', () => String) keyHash: string, @Ctx() context: AccessContext) {
    return context.services.apiKeys.verify(keyHash, context);
  }
}
