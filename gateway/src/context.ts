import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { languageOf, type Identity, type Language } from '@sw/kernel';
import { identify } from './identity';

/** What the gateway knows about a request and forwards to subgraphs. */
export interface GatewayContext {
  requestId: string;
  identity?: Identity;
  lang: Language;
}

export function gatewayContext(authorization: string | undefined, headers: IncomingHttpHeaders, adminApiKey: string | undefined): GatewayContext {
  return {
    requestId: String(headers['x-request-id'] ?? randomUUID()),
    identity: identify(authorization, adminApiKey),
    lang: languageOf(headers['accept-language']),
  };
}
