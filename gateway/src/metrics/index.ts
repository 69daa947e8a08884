import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphqlMetrics, REQUEST_BUCKETS, allSchemasLagSource, mountMetrics, prom, registerLagSource, type MetricsSettings } from '@sw/kernel';
import type { Express } from 'express';
import postgres from 'postgres';

/**
 * The gateway's metrics: GraphQL operations (the kernel's plugin), each fetch from a subgraph, the
 * subscriptions open on it, and the lag of every bus consumer in the database.
 */

/** Gateway-wide metrics that other modules set; they live as long as the process. */
export const gatewayRegistry = new prom.Registry();

/**
 * Subscriptions open on the gateway (graphql-ws). The subscriptions code calls `inc()` when one
 * starts and `dec()` when it ends, whatever the reason.
 */
export const activeSubscriptions = new prom.Gauge({
  name: 'sw_gateway_active_subscriptions',
  help: 'GraphQL subscriptions currently open on the gateway',
  registers: [gatewayRegistry],
});

/** Fetches from subgraphs, in a registry per gateway server. */
export class SubgraphFetchMetrics {
  readonly registry = new prom.Registry();
  readonly requests = new prom.Counter({
    name: 'sw_gateway_subgraph_requests_total',
    help: 'Fetches from a subgraph during query plans; status: ok, error (GraphQL errors in the answer) or failed (no usable answer)',
    labelNames: ['subgraph', 'status'] as const,
    registers: [this.registry],
  });
  readonly duration = new prom.Histogram({
    name: 'sw_gateway_subgraph_request_duration_seconds',
    help: 'Latency of each fetch from a subgraph',
    labelNames: ['subgraph'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });
}

/** Wraps a subgraph's data source so that every fetch of a query plan is counted and timed. */
export class MeasuredDataSource<TContext extends Record<string, any>> implements GraphQLDataSource<TContext> {
  constructor(readonly inner: GraphQLDataSource<TContext>, private readonly subgraph: string, private readonly metrics: SubgraphFetchMetrics) {}

  async process(options: GraphQLDataSourceProcessOptions<TContext>): Promise<GatewayGraphQLResponse> {
    // Health checks and schema loading are not partner traffic.
    if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) return this.inner.process(options);
    const end = this.metrics.duration.startTimer({ subgraph: this.subgraph });
    let status = 'failed';
    try {
      const response = await this.inner.process(options);
      status = response.errors && response.errors.length > 0 ? 'error' : 'ok';
      return response;
    } finally {
      end();
      this.metrics.requests.inc({ subgraph: this.subgraph, status });
    }
  }
}

export interface GatewayMetrics {
  graphql: GraphqlMetrics;
  fetches: SubgraphFetchMetrics;
  /** Wraps a subgraph data source (buildService). */
  measure<TContext extends Record<string, any>>(subgraph: string, source: GraphQLDataSource<TContext>): GraphQLDataSource<TContext>;
  /** Serves GET /metrics. */
  mount(app: Express): void;
  close(): Promise<void>;
}

/**
 * The metrics of one gateway server. With a database URL, the lag of every consumer in it is
 * read at each scrape through one connection of its own (statement timeout 1 s).
 */
export function createGatewayMetrics(settings: MetricsSettings, databaseUrl: string | undefined): GatewayMetrics {
  const graphql = new GraphqlMetrics(settings);
  const fetches = new SubgraphFetchMetrics();
  const sql = databaseUrl
    ? postgres(databaseUrl, { max: 1, idle_timeout: 30, connect_timeout: 2, onnotice: () => {}, connection: { statement_timeout: 1000, application_name: 'sw-gateway-metrics' } })
    : undefined;
  const unregister = sql ? registerLagSource(allSchemasLagSource(sql)) : undefined;
  return {
    graphql,
    fetches,
    measure: (subgraph, source) => new MeasuredDataSource(source, subgraph, fetches),
    mount(app) {
      mountMetrics(app, { registries: [gatewayRegistry, graphql.registry, fetches.registry], token: settings.token });
    },
    async close() {
      unregister?.();
      await sql?.end({ timeout: 1 });
    },
  };
}
