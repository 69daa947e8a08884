import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { contextFromHeaders, type RequestContext } from '../context';
import type { GatewayTrust } from '../identity';
import type { Logger } from '../logger';
import { GraphqlMetrics, graphqlMetricsPlugin, mountMetrics, readMetricsSettings } from '../metrics';
import { serveSubscriptions } from './subscriptions';

export interface SubgraphServerOptions {
  name: string;
  schema: GraphQLSchema;
  port: number;
  host?: string;
  logger: Logger;
  trust: GatewayTrust;
  /** Answers /readyz: true when the service's dependencies answer. */
  ready?: () => Promise<boolean>;
  bodyLimit?: string;
  /** Adds the subgraph's own services to the per-request context. */
  extendContext?: (base: RequestContext) => RequestContext;
  /**
   * Serves graphql-ws on /graphql too, for the schema's Subscription fields (the gateway signs
   * the caller into `connection_init`). Defaults to whether the schema has a Subscription type.
   */
  subscriptions?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  http: Server;
  stop(): Promise<void>;
}

/** Serves one subgraph over HTTP at /graphql, with /healthz, /readyz and /metrics (Prometheus; METRICS_TOKEN guards it when set). */
export async function serveSubgraph(options: SubgraphServerOptions): Promise<RunningServer> {
  const app = express();
  const http = createServer(app);
  const metricsSettings = readMetricsSettings();
  const metrics = new GraphqlMetrics(metricsSettings);
  const apollo = new ApolloServer<RequestContext>({
    schema: options.schema,
    // The process's own stopOnSignals decides when to stop; Apollo must not race it.
    stopOnTerminationSignals: false,
    // In-flight requests get two seconds to finish; idle keep-alive connections close at once.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer: http, stopGracePeriodMillis: 2000 }), graphqlMetricsPlugin(metrics)],
    logger: apolloLogger(options.logger),
  });
  await apollo.start();
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.name });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await (options.ready?.() ?? Promise.resolve(true)).catch(() => false);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', service: options.name });
  });
  mountMetrics(app, { registries: [metrics.registry], token: metricsSettings.token });
  app.use(
    '/graphql',
    express.json({ limit: options.bodyLimit ?? '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const base = contextFromHeaders(req.headers, options.trust);
        return options.extendContext ? options.extendContext(base) : base;
      },
    }),
  );
  const subscriptions = (options.subscriptions ?? Boolean(options.schema.getSubscriptionType()))
    ? serveSubscriptions(http, options)
    : undefined;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, host, () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = host === '0.0.0.0' ? 'localhost' : host;
  const stop = async () => {
    // Open sockets would hold the HTTP server open; clients are told to go away (1001) and reconnect.
    await subscriptions?.dispose();
    await apollo.stop();
  };
  return { url: `http://${shownHost}:${port}/graphql`, port, http, stop };
}

/** Apollo's logger interface on top of pino. */
export function apolloLogger(logger: Logger) {
  return {
    debug: (message: string) => logger.debug(message),
    info: (message: string) => logger.info(message),
    warn: (message: string) => logger.warn(message),
    error: (message: string) => logger.error(message),
  };
}
