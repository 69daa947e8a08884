import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { GraphQLError } from 'graphql';
import { languageOf, type Identity, type Language } from '@sw/kernel';
import type { AuditReporter } from './auth/audit-reporter';
import type { Authenticator } from './auth/authenticate';

/** What the gateway knows about a request and forwards to subgraphs. */
export interface GatewayContext {
  requestId: string;
  identity?: Identity;
  lang: Language;
}

/** The request's context; a credential that does not verify is refused here and audit-logged. */
export async function gatewayContext(
  authorization: string | undefined,
  headers: IncomingHttpHeaders,
  authenticator: Authenticator,
  audit?: AuditReporter,
): Promise<GatewayContext> {
  const requestId = String(headers['x-request-id'] ?? randomUUID());
  try {
    return { requestId, identity: await authenticator.identify(authorization), lang: languageOf(headers['accept-language']) };
  } catch (error) {
    if ((error as GraphQLError).extensions?.code === 'UNAUTHENTICATED') audit?.refusedCredential((error as Error).message, requestId);
    throw error;
  }
}
