import type { IncomingHttpHeaders, Server } from 'node:http';
import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { contextFromHeaders, IDENTITY_HEADER, type RequestContext } from '../context';
import type { GatewayTrust } from '../identity';
import { Loaders } from '../loaders';
import type { Logger } from '../logger';

export interface SubscriptionServerOptions {
  schema: GraphQLSchema;
  trust: GatewayTrust;
  logger: Logger;
  /** Adds the subgraph's own services to the context, as for HTTP requests. */
  extendContext?: (base: RequestContext) => RequestContext;
  path?: string;
}

/** What the gateway puts in `connection_init`: the headers it would send over HTTP. */
const FORWARDED = [IDENTITY_HEADER, 'x-request-id', 'accept-language'] as const;

type Extra = { context?: Omit<RequestContext, 'loaders'> };

/**
 * Serves the subgraph's schema over graphql-ws on its HTTP server (the gateway opens one
 * stream per shared subscription here). The gateway signs the caller into `connection_init`
 * (`{ "x-sw-identity": "<signed>" }`); a connection without a valid signature is closed with
 * 4403 unless direct calls are allowed. Every event is resolved with a fresh context (new
 * loaders), so nothing cached for one event is served stale to the next.
 */
export function serveSubscriptions(http: Server, options: SubscriptionServerOptions): { dispose(): Promise<void> } {
  const wsServer = new WebSocketServer({ server: http, path: options.path ?? '/graphql' });
  const contexts = new WeakMap<object, () => RequestContext>();
  const server = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema: options.schema,
      onConnect: (ctx) => {
        const headers: IncomingHttpHeaders = {};
        for (const name of FORWARDED) {
          const value = ctx.connectionParams?.[name];
          if (typeof value === 'string') headers[name] = value;
        }
        try {
          const { loaders: _, ...context } = contextFromHeaders(headers, options.trust);
          ctx.extra.context = context;
          return true;
        } catch {
          options.logger.warn('subscription connection refused: no valid gateway signature in connection_init');
          return false;
        }
      },
      context: (ctx) => {
        const base = ctx.extra.context!;
        const fresh = () => {
          const context: RequestContext = { ...base, loaders: new Loaders() };
          return options.extendContext ? options.extendContext(context) : context;
        };
        const context = fresh();
        contexts.set(context, fresh);
        return context;
      },
      subscribe: (args) => subscribe(args, contexts.get(args.contextValue as object)),
    },
    wsServer,
  );
  return {
    async dispose() {
      await server.dispose();
    },
  };
}

/** graphql-js `subscribe`, except that each event executes with a context of its own. */
async function subscribe(args: ExecutionArgs, freshContext?: () => unknown): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in stream)) return stream;
  const events = stream[Symbol.asyncIterator]();
  const results: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => results,
    async next() {
      const event = await events.next();
      if (event.done) return event;
      const contextValue = freshContext ? freshContext() : args.contextValue;
      return { value: await execute({ ...args, rootValue: event.value, contextValue }), done: false };
    },
    async return() {
      await events.return?.();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown) {
      await events.return?.();
      throw error;
    },
  };
  return results;
}
