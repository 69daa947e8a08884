import type { IncomingHttpHeaders, Server } from 'node:http';
import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { contextFromHeaders, IDENTITY_HEADER, type RequestContext } from '../context';
import type { GatewayTrust } from '../identity';
import { Loaders } from '../loaders';
import type { Logger } from '../logger';
import type { ReportsIdleCursor } from '../bus/subscriptions';

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

/**
 * A gateway that sets this in `connection_init` is told, on a stream that can say so (the
 * kernel's busSubscription), where the stream stands while no event comes: a result with no
 * data and `extensions: { swCursor }`. It resumes from there after a reconnection, so even a
 * stream that has delivered nothing yet loses nothing across a subgraph restart.
 */
export const CURSOR_HEARTBEAT_PARAM = 'x-sw-cursor-heartbeat';
export const CURSOR_EXTENSION = 'swCursor';
/** The first report comes as soon as the stream is live; later ones, when it has moved, now and then. */
const FIRST_HEARTBEAT_MS = 100;
const HEARTBEAT_MS = 15_000;

type Extra = { context?: Omit<RequestContext, 'loaders'>; heartbeats?: boolean };

/**
 * Serves the subgraph's schema over graphql-ws on its HTTP server (the gateway opens one
 * stream per shared subscription here). The gateway signs the caller into `connection_init`
 * (`{ "x-sw-identity": "<signed>" }`); a connection without a valid signature is closed with
 * 4403 unless direct calls are allowed. Every event is resolved with a fresh context (new
 * loaders), so nothing cached for one event is served stale to the next.
 */
export function serveSubscriptions(http: Server, options: SubscriptionServerOptions): { dispose(): Promise<void> } {
  const wsServer = new WebSocketServer({ server: http, path: options.path ?? '/graphql' });
  const contexts = new WeakMap<object, { fresh: () => RequestContext; heartbeats: boolean }>();
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
          ctx.extra.heartbeats = ctx.connectionParams?.[CURSOR_HEARTBEAT_PARAM] === true;
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
        contexts.set(context, { fresh, heartbeats: ctx.extra.heartbeats === true });
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

/**
 * graphql-js `subscribe`, except that each event executes with a context of its own, and that
 * a stream able to report its cursor does so while idle, when the gateway asked for it.
 */
async function subscribe(args: ExecutionArgs, options?: { fresh: () => unknown; heartbeats: boolean }): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in stream)) return stream;
  const events = stream[Symbol.asyncIterator]();
  const idle = options?.heartbeats && typeof (events as Partial<ReportsIdleCursor<unknown>>).nextOrIdle === 'function'
    ? (events as unknown as ReportsIdleCursor<unknown>)
    : undefined;
  let wait = FIRST_HEARTBEAT_MS;
  let reported: string | undefined;
  const results: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => results,
    async next() {
      for (;;) {
        const event = idle ? await idle.nextOrIdle(wait) : await events.next();
        if ('idle' in event) {
          wait = HEARTBEAT_MS;
          if (event.idle === reported) continue;
          reported = event.idle;
          return { value: { extensions: { [CURSOR_EXTENSION]: event.idle } }, done: false };
        }
        if (event.done) return event;
        const contextValue = options ? options.fresh() : args.contextValue;
        return { value: await execute({ ...args, rootValue: event.value, contextValue }), done: false };
      }
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
