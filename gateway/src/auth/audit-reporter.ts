import { IDENTITY_HEADER, type IdentitySigner, type Logger } from '@sw/kernel';
import { GATEWAY_CALLER } from './api-keys';
import type { Refusal } from './enforce';

const RECORD = `mutation($input: AuditInput!) { recordAudit(input: $input) }`;

/**
 * Sends refused access to the access subgraph's audit log. Reporting never delays or fails
 * the partner's request: a lost report is logged (without personal data) instead.
 */
export class AuditReporter {
  constructor(private readonly accessUrl: string, private readonly signer: IdentitySigner, private readonly logger: Logger) {}

  refusedFields(actor: string, refusals: Refusal[], requestId: string): void {
    for (const refusal of refusals) {
      this.send({ action: 'ACCESS_REFUSED', actor, subject: refusal.coordinate, detail: { verdict: refusal.verdict, path: refusal.path.join('.'), requestId } });
    }
  }

  refusedCredential(reason: string, requestId: string): void {
    this.send({ action: 'ACCESS_REFUSED', actor: 'unknown', subject: 'credential', detail: { verdict: 'UNAUTHENTICATED', reason, requestId } });
  }

  private send(input: Record<string, unknown>): void {
    fetch(this.accessUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: this.signer.sign(GATEWAY_CALLER) },
      body: JSON.stringify({ query: RECORD, variables: { input } }),
      signal: AbortSignal.timeout(5000),
    })
      .then(async (response) => {
        const body = (await response.json()) as { errors?: { message: string }[] };
        if (body.errors) this.logger.warn({ errors: body.errors.map((error) => error.message) }, 'audit report refused');
      })
      .catch((error: Error) => this.logger.warn({ err: error.message }, 'audit report lost'));
  }
}
