import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { languageOf, type Identity, type Language } from '@sw/kernel';
import type { Authenticator } from './auth/authenticate';

/** What the gateway knows about a request and forwards to subgraphs. */
export interface GatewayContext {
  requestId: string;
  identity?: Identity;
  lang: Language;
}

export async function gatewayContext(authorization: string | undefined, headers: IncomingHttpHeaders, authenticator: Authenticator): Promise<GatewayContext> {
  return {
    requestId: String(headers['x-request-id'] ?? randomUUID()),
    identity: await authenticator.identify(authorization),
    lang: languageOf(headers['accept-language']),
  };
}
