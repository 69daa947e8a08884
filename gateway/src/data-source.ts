import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { encodeIdentity, IDENTITY_HEADER } from '@sw/kernel';
import type { GatewayContext } from './context';

/** Calls one subgraph, forwarding the verified caller, language and request id. */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers || !context || !('lang' in context)) return;
    headers.set('x-request-id', context.requestId);
    headers.set('accept-language', context.lang);
    if (context.identity) headers.set(IDENTITY_HEADER, encodeIdentity(context.identity));
  }
}
