import { createHmac } from 'node:crypto';
import {
  actorOf, badInput, maskIdNumber, publish, requiredText, requireScope, residentIdProblem, type Logger, type RequestContext,
} from '@sw/kernel';
import type { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { isUnavailable, type AgencyCall } from '../resilience/agency-call';
import { UpstreamHttpError } from '../resilience/agency-http';
import type { IdentityCheckData, PublicSecurityClient } from './public-security.client';
import type { IdentityCheck, IdentityResult } from './identity.type';

export const IDCHECK_SCOPE = 'idcheck:use';

/**
 * Resident identity checks with the public security service. The number is checked locally
 * first (GB 11643-1999), so a mistyped one never leaves the Single Window. Every check that goes
 * out is published as `agencies.identity.checked` (masked number, keyed-hash person id, result,
 * reference, caller) and the access subgraph appends it to the audit log; an answer that could
 * not be recorded is not given. Neither the whole number nor the name is logged or published.
 */
export class IdentityService {
  constructor(
    private readonly db: DataSource,
    private readonly client: PublicSecurityClient,
    private readonly call: AgencyCall,
    private readonly piiHashKey: string,
    private readonly logger: Logger,
  ) {}

  async verify(name: string, idNumber: string, context: RequestContext): Promise<IdentityCheck> {
    requireScope(context, IDCHECK_SCOPE);
    const validName = requiredText('name', name, 50);
    const problem = residentIdProblem(idNumber);
    if (problem) throw badInput('idNumber', problem);
    let check: IdentityCheckData | undefined;
    let failure: unknown;
    try {
      check = await this.call.run('identity.verify', (signal) => this.client.verify(validName, idNumber, signal));
    } catch (error) {
      failure = error;
    }
    const failureCode = failure === undefined ? null : (isUnavailable(failure) ? 'UPSTREAM_UNAVAILABLE' : 'REFUSED');
    await this.db.transaction((manager) => publish(manager, {
      type: 'agencies.identity.checked',
      subject: this.personId(idNumber),
      actor: actorOf(context),
      data: {
        personId: this.personId(idNumber),
        idNumberMasked: maskIdNumber(idNumber),
        result: check?.result ?? null,
        reference: check?.reference ?? null,
        checkedAt: (check?.checkedAt ?? new Date()).toISOString(),
        failure: failureCode,
      },
    }));
    if (failure !== undefined) throw refusal(failure);
    this.logger.info({ result: check!.result, reference: check!.reference }, 'identity checked');
    return { ...check!, result: check!.result as IdentityResult };
  }

  /** The registry's Person.id for this number: the same keyed hash (kernel PiiVault.hash), so audit entries link to the person. */
  personId(idNumber: string): string {
    return createHmac('sha256', Buffer.from(this.piiHashKey)).update(idNumber).digest('hex').slice(0, 32);
  }
}

/** The service refused the request itself (4xx): say so without repeating what was sent. */
function refusal(error: unknown): unknown {
  if (!(error instanceof UpstreamHttpError)) return error;
  return badInput('idNumber', `the public security service refused the check (HTTP ${error.status}); check the name and number`) as GraphQLError;
}
