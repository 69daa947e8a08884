import { Arg, Ctx, Directive, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { AccessContext } from '../context';
import { AuditChainCheck, AuditEntry, AuditEntryConnection, AuditFilter, AuditInput } from './audit.type';

// The gateway enforces this before calling the subgraph; the service checks again.
const AUDIT_READ = '@requiresScopes(scopes: [["audit:read"]])';

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Query(() => AuditEntryConnection, { description: 'The audit log, newest first (audit:read).' })
  @Directive(AUDIT_READ)
  auditLog(
    @Ctx() context: AccessContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => AuditFilter, { nullable: true }) filter?: AuditFilter,
  ) {
    return context.services.audit.list(filter, first, after, context);
  }

  @Query(() => AuditChainCheck, { description: 'Recomputes the hash chain of the whole audit log (audit:read).' })
  @Directive(AUDIT_READ)
  verifyAuditChain(@Ctx() context: AccessContext) {
    return context.services.audit.verifyChain(context);
  }

  @Mutation(() => Boolean, { description: 'Internal, for the gateway: appends one audit entry.' })
  @Directive('@inaccessible')
  recordAudit(@Arg('input', () => AuditInput) input: AuditInput, @Ctx() context: AccessContext) {
    return context.services.audit.record(input, context);
  }
}
