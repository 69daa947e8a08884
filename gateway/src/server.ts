import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import { apolloLogger, graphqlMetricsPlugin, readMetricsSettings, type Logger } from '@sw/kernel';
import cors from 'cors';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import type { GatewayConfig } from './config';
import { ApiKeyVerifier } from './auth/api-keys';
import { AuditReporter } from './auth/audit-reporter';
import { Authenticator } from './auth/authenticate';
import { JwtVerifier } from './auth/jwt';
import { forgetRevokedKeys, listenForRevocations } from './auth/key-invalidation';
import { gatewayContext, type GatewayContext } from './context';
import { ForwardingDataSource } from './data-source';
import { mountHealth } from './health';
import { createLimits } from './limits';
import { localizeErrors } from './localize-errors';
import { createGatewayMetrics } from './metrics';
import { mutationGuard } from './mutation-guard';
import { loadSupergraph, type SubgraphEndpoint } from './supergraph';
import { SecuredGateway } from './auth/secured-gateway';
import { splitSecurityFeatures } from './auth/security-features';
import { serveGraphqlWs } from './ws';
import { FederatedSubscriptions, SubscribingGateway } from './subscriptions';

export interface RunningGateway {
  url: string;
  port: number;
  http: Server;
  subgraphs: SubgraphEndpoint[];
  /** Federated subscriptions: live streams and their clients (`stats()`). */
  subscriptions: FederatedSubscriptions;
  stop(): Promise<void>;
}

/** Serves the committed supergraph: HTTP and graphql-ws on /graphql, Sandbox for browsers, health probes. */
export async function startGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const supergraph = loadSupergraph(config.supergraphPath, config.subgraphUrls);
  const urls = new Map(supergraph.subgraphs.map((subgraph) => [subgraph.name, subgraph.url]));
  const { plannerSdl, requirements } = splitSecurityFeatures(supergraph.sdl);
  const buildService = ({ name, url }: { name: string; url?: string }) => new ForwardingDataSource(urls.get(name.toLowerCase()) ?? url!, config.signer);
  const subscriptions = new FederatedSubscriptions({ buildService, signer: config.signer, config: config.subscriptions, logger });
  // GET /metrics: operations, subgraph fetches (each query-plan fetch is measured), subscriptions, bus lag.
  const metrics = createGatewayMetrics(readMetricsSettings(), config.databaseUrl);
  const gateway = new SubscribingGateway({
    supergraphSdl: plannerSdl,
    buildService: (definition) => metrics.measure(definition.name, buildService(definition)),
    logger: apolloLogger(logger),
  }, subscriptions);
  const access = supergraph.subgraphs.find((subgraph) => subgraph.name === 'access');
  const apiKeys = access ? new ApiKeyVerifier(access.url, config.signer, config.apiKeyCacheMs) : undefined;
  const authenticator = new Authenticator({ adminApiKey: config.adminApiKey, apiKeys, jwt: config.jwt && new JwtVerifier(config.jwt) });
  const audit = access ? new AuditReporter(access.url, config.signer, logger) : undefined;
  const revocations = apiKeys && config.databaseUrl ? await listenForRevocations(config.databaseUrl, apiKeys) : undefined;
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => {
    apiSchema = schema;
  });

  const app = express();
  const http = createServer(app);
  const wsServer = new WebSocketServer({ server: http, path: '/graphql' });
  const limits = createLimits(config, logger);
  const apollo = new ApolloServer<GatewayContext>({
    gateway: new SecuredGateway(gateway, requirements, (refusals, context) =>
      audit?.refusedFields(context.identity?.subject ?? 'anonymous', refusals, context.requestId)),
    introspection: config.introspection,
    // main.ts decides when to stop; Apollo must not race it.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: config.stacktraces,
    logger: apolloLogger(logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: http, stopGracePeriodMillis: 2000 }),
      graphqlMetricsPlugin(metrics.graphql),
      config.introspection ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled(),
      ...limits.plugins,
      mutationGuard,
      localizeErrors,
      ...(apiKeys ? [forgetRevokedKeys(apiKeys)] : []),
    ],
  });
  await apollo.start();
  const ws = serveGraphqlWs(wsServer, apollo, () => apiSchema!, authenticator, subscriptions);
  const health = mountHealth(app, supergraph.subgraphs, config.databaseUrl, config.signer);
  metrics.mount(app);

  app.use(
    '/graphql',
    cors<cors.CorsRequest>({ origin: config.corsOrigins, maxAge: 600 }),
    ...limits.middleware,
    express.json({ limit: config.bodyLimit }),
    expressMiddleware(apollo, {
      context: async ({ req }) => gatewayContext(req.headers.authorization, req.headers, authenticator, audit),
    }),
  );

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    http,
    subgraphs: supergraph.subgraphs,
    subscriptions,
    async stop() {
      await subscriptions.stop();
      await ws.dispose();
      await apollo.stop();
      await health.close();
      await revocations?.close();
      await metrics.close();
    },
  };
}
