import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDENTITY_HEADER, type IdentitySigner } from '@sw/kernel';
import type { GatewayContext } from './context';

/** Calls one subgraph, forwarding the verified caller (signed), language and request id. */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, private readonly signer: IdentitySigner) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers) return;
    const caller = context && 'lang' in context ? context : undefined;
    headers.set(IDENTITY_HEADER, this.signer.sign(caller?.identity ?? null));
    if (!caller) return;
    headers.set('x-request-id', caller.requestId);
    headers.set('accept-language', caller.lang);
  }
}
