import type { ApolloServer } from '@apollo/server';
import { type ExecutionResult, GraphQLError, print, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import type { Authenticator } from './auth/authenticate';
import { gatewayContext, type GatewayContext } from './context';

type SocketExtra = Record<PropertyKey, unknown> & { context?: GatewayContext; request: import('node:http').IncomingMessage };

/**
 * graphql-ws on the gateway's own path. The caller authenticates once in
 * `connection_init` ({ authorization: "Bearer <key>" }); queries and mutations run through
 * the same Apollo pipeline as HTTP, so every plugin applies.
 */
export function serveGraphqlWs(
  wsServer: WebSocketServer,
  apollo: ApolloServer<GatewayContext>,
  schema: () => GraphQLSchema,
  authenticator: Authenticator,
): { dispose(): void | Promise<void> } {
  return useServer<Record<string, unknown> | undefined, SocketExtra>(
    {
      schema: () => schema(),
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        try {
          ctx.extra.context = await gatewayContext(typeof authorization === 'string' ? authorization : undefined, ctx.extra.request.headers, authenticator);
          return true;
        } catch {
          return false;
        }
      },
      context: (ctx) => ctx.extra.context,
      execute: async (args): Promise<ExecutionResult> => {
        const response = await apollo.executeOperation(
          { query: print(args.document), variables: args.variableValues ?? undefined, operationName: args.operationName ?? undefined },
          { contextValue: args.contextValue as GatewayContext },
        );
        if (response.body.kind !== 'single') return { errors: [new GraphQLError('incremental delivery is not served over WebSocket')] };
        const { data, errors, extensions } = response.body.singleResult;
        // Apollo hands back formatted plain errors; graphql-ws serialises GraphQLError instances.
        return {
          data: data as ExecutionResult['data'],
          errors: errors?.map((error) => new GraphQLError(error.message, { path: error.path as never, extensions: error.extensions })),
          extensions,
        };
      },
      subscribe: async (): Promise<ExecutionResult> => ({
        errors: [new GraphQLError('this gateway does not serve subscriptions yet', { extensions: { code: 'BAD_REQUEST' } })],
      }),
    },
    wsServer,
  );
}
