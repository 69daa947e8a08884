import type { ApolloServer } from '@apollo/server';
import { unauthenticated } from '@sw/kernel';
import { type ExecutionResult, GraphQLError, print, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Authenticator } from './auth/authenticate';
import { gatewayContext, type GatewayContext } from './context';
import { SLOW_CLIENT_CLOSE_CODE, withSlot, type FederatedSubscriptions } from './subscriptions';

const KEEP_ALIVE_MS = 30_000;

type SocketExtra = Record<PropertyKey, unknown> & { context?: GatewayContext; request: import('node:http').IncomingMessage };

/**
 * graphql-ws on the gateway's own path. The caller authenticates once in
 * `connection_init` ({ authorization: "Bearer <key>" }); every operation, subscriptions
 * included, runs through the same Apollo pipeline as HTTP, so every plugin (rate limit, query
 * limits, auth directives) applies. Subscriptions then stream from `subscriptions`.
 */
export function serveGraphqlWs(
  wsServer: WebSocketServer,
  apollo: ApolloServer<GatewayContext>,
  schema: () => GraphQLSchema,
  authenticator: Authenticator,
  subscriptions?: FederatedSubscriptions,
): { dispose(): void | Promise<void> } {
  const sockets = new WeakMap<GatewayContext, WebSocket>();
  const run = async (args: { document: import('graphql').DocumentNode; variableValues?: unknown; operationName?: string | null }, contextValue: GatewayContext): Promise<ExecutionResult> => {
    const response = await apollo.executeOperation(
      { query: print(args.document), variables: (args.variableValues ?? undefined) as Record<string, unknown> | undefined, operationName: args.operationName ?? undefined },
      { contextValue },
    );
    if (response.body.kind !== 'single') return { errors: [new GraphQLError('incremental delivery is not served over WebSocket')] };
    const { data, errors, extensions } = response.body.singleResult;
    // Apollo hands back formatted plain errors; graphql-ws serialises GraphQLError instances.
    return {
      data: data as ExecutionResult['data'],
      errors: errors?.map((error) => new GraphQLError(error.message, { path: error.path as never, extensions: error.extensions })),
      extensions,
    };
  };
  return useServer<Record<string, unknown> | undefined, SocketExtra>(
    {
      schema: () => schema(),
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        try {
          const context = await gatewayContext(typeof authorization === 'string' ? authorization : undefined, ctx.extra.request.headers, authenticator);
          ctx.extra.context = context;
          sockets.set(context, ctx.extra.socket as WebSocket);
          return true;
        } catch {
          return false;
        }
      },
      context: (ctx) => ctx.extra.context,
      execute: (args) => run(args, args.contextValue as GatewayContext),
      subscribe: async (args) => {
        const context = args.contextValue as GatewayContext;
        if (!subscriptions) return { errors: [new GraphQLError('this gateway does not serve subscriptions', { extensions: { code: 'BAD_REQUEST' } })] };
        if (!context.identity) {
          return { errors: [unauthenticated('subscriptions need a verified caller: send { "authorization": "Bearer <key>" } in connection_init')] };
        }
        const socket = sockets.get(context);
        const slot = { onOverflow: () => socket && dropSlowClient(socket, subscriptions.clientQueue) };
        const result = await run(args, withSlot(context, slot));
        const stream = (slot as { stream?: AsyncIterableIterator<ExecutionResult> }).stream;
        if (!stream) return result;
        // Fields refused by the auth directives are reported with every event, as with a query's result.
        return result.errors?.length ? withErrors(stream, result.errors) : stream;
      },
    },
    wsServer,
    // A WebSocket ping every 30 s (not graphql-ws's 12 s): with ten thousand dashboards the pings
    // are a cost of their own, and 30 s still beats the usual 60 s idle timeout of proxies.
    KEEP_ALIVE_MS,
  );
}

/**
 * Disconnects a client that lets more than `limit` messages wait: close code 4008 with a
 * reason; it should resubscribe with `after` set to the last cursor it received. Nothing more
 * is written to it; a client that never reads the close frame either is cut off by ws after
 * its close timeout (30 s).
 */
function dropSlowClient(socket: WebSocket, limit: number): void {
  if (socket.readyState !== socket.OPEN) return;
  socket.close(SLOW_CLIENT_CLOSE_CODE, `too slow: ${limit} messages waiting; resubscribe with after: <last cursor>`);
}

function withErrors(stream: AsyncIterableIterator<ExecutionResult>, errors: readonly GraphQLError[]): AsyncIterableIterator<ExecutionResult> {
  const wrapped: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => wrapped,
    async next() {
      const next = await stream.next();
      return next.done ? next : { value: { ...next.value, errors: [...errors, ...(next.value.errors ?? [])] }, done: false };
    },
    return: () => stream.return!(),
    throw: (error?: unknown) => stream.throw!(error),
  };
  return wrapped;
}
