import { createHash, randomUUID } from 'node:crypto';
import type { GraphQLDataSource, ServiceMap } from '@apollo/gateway';
import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { IDENTITY_HEADER, unauthenticated, type Identity, type IdentitySigner, type Logger } from '@sw/kernel';
import { GraphQLError, type FormattedExecutionResult, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context';
import { BatchingDataSource } from './batching';
import type { ClientStream } from './client-stream';
import type { SubscriptionsConfig } from './config';
import { EventResolver } from './events';
import { SubscriptionPlanner, type SubscriptionPlan } from './planner';
import { RestLimiter, SharedSubscription } from './shared';
import { PrimaryRequest, Upstream } from './upstream';

/** A subgraph's data source as the gateway builds it (ForwardingDataSource): it knows its URL. */
export type SubgraphDataSource = GraphQLDataSource<GatewayContext> & { url?: string };

export interface FederatedSubscriptionsOptions {
  /** The same factory the gateway builds its data sources with (URL overrides, signed identity). */
  buildService: (definition: { name: string; url?: string }) => SubgraphDataSource;
  signer: IdentitySigner;
  config: SubscriptionsConfig;
  logger: Logger;
}

/** Carries one graphql-ws subscribe through Apollo's request pipeline to the executor and back. */
export interface SubscriptionSlot {
  /** Disconnects the client when it does not read its socket. */
  onOverflow: () => void;
  /** Set by the executor when the subscription is open. */
  stream?: ClientStream;
}

const SLOT = Symbol('sw.subscription');
/** Events resolved at once across all streams (RestLimiter). */
const REST_IN_FLIGHT = 64;

/** The context for Apollo's pipeline, carrying the slot (Apollo copies the context shallowly, symbols included). */
export function withSlot(context: GatewayContext, slot: SubscriptionSlot): GatewayContext {
  return { ...context, [SLOT]: slot } as GatewayContext;
}

/**
 * Federated subscriptions. Apollo's pipeline runs first for every subscribe, so it is counted by
 * the rate limit and passes the same query limits, and the auth directives are enforced before
 * the executor sees it (refused fields removed, with errors). The executor then plans it with
 * the query planner, and clients with the same operation, variables, caller and language share
 * one upstream stream and one resolution per event. A client resuming with `after` gets a stream
 * of its own (its replay is its own), which continues live.
 */
export class FederatedSubscriptions {
  private planner?: SubscriptionPlanner;
  private services: ServiceMap = {};
  private urls = new Map<string, string>();
  private readonly groups = new Map<string, SharedSubscription>();
  private readonly limiter = new RestLimiter(REST_IN_FLIGHT);

  constructor(private readonly options: FederatedSubscriptionsOptions) {}

  /** Messages a client may have waiting before it is disconnected. */
  get clientQueue(): number {
    return this.options.config.clientQueue;
  }

  /** Called with every supergraph the gateway loads (the planner's, without the security features). */
  useSupergraph(plannerSdl: string, apiSchema: GraphQLSchema): void {
    this.planner = new SubscriptionPlanner(plannerSdl, apiSchema);
    const services: ServiceMap = Object.create(null);
    const urls = new Map<string, string>();
    for (const { name, url } of this.planner.subgraphs) {
      const service = this.options.buildService({ name, url });
      services[name] = new BatchingDataSource(service);
      urls.set(name, service.url ?? url);
    }
    this.services = services;
    this.urls = urls;
  }

  /** Whether the context came from graphql-ws with a slot to open a stream into. */
  static slotOf(context: unknown): SubscriptionSlot | undefined {
    return (context as Record<symbol, SubscriptionSlot | undefined>)[SLOT];
  }

  /** The gateway executor for subscription operations (the operation is already authorized). */
  async execute(requestContext: GatewayGraphQLRequestContext): Promise<GatewayExecutionResult> {
    const slot = FederatedSubscriptions.slotOf(requestContext.context);
    if (!slot) return { errors: [new GraphQLError('subscriptions are served over graphql-ws on this same path (ws://…/graphql)', { extensions: { code: 'BAD_REQUEST' } })] };
    const context = requestContext.context as unknown as GatewayContext;
    if (!context.identity) return { errors: [unauthenticated('subscriptions need a verified caller: send { "authorization": "Bearer <key>" } in connection_init')] };
    if (!this.planner) return { errors: [new GraphQLError('the gateway has not loaded its supergraph yet', { extensions: { code: 'UPSTREAM_UNAVAILABLE' } })] };
    let plan: SubscriptionPlan;
    try {
      plan = this.planner.plan(requestContext.document, requestContext.operationName, requestContext.queryHash);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'subscription could not be planned');
      return { errors: [new GraphQLError(`the subscription could not be planned: ${(error as Error).message}`, { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] };
    }
    const variables = requestContext.request.variables ?? {};
    const resumes = resumesFrom(plan, variables);
    const key = sharingKey(requestContext, context.identity, context.lang) + (resumes ? `:${randomUUID()}` : '');
    let group = this.groups.get(key);
    if (!group) group = this.open(key, plan, requestContext, context);
    slot.stream = group.join(this.options.config.clientQueue, slot.onOverflow);
    return { data: {} };
  }

  /** Live streams, for tests and the benchmark. */
  stats(): { groups: number; clients: number; upstreamConnections: number; resolved: number; resumable: number } {
    let clients = 0;
    let upstreamConnections = 0;
    let resolved = 0;
    let resumable = 0;
    for (const group of this.groups.values()) {
      clients += group.size;
      upstreamConnections += group.connections;
      resolved += group.resolved;
      if (group.resumable) resumable++;
    }
    return { groups: this.groups.size, clients, upstreamConnections, resolved, resumable };
  }

  async stop(): Promise<void> {
    const stopping = [{ message: 'the gateway is stopping; resubscribe (with after: <last cursor>) to another replica or shortly', extensions: { code: 'UPSTREAM_UNAVAILABLE' } }];
    await Promise.all([...this.groups.values()].map((group) => group.abort(stopping)));
  }

  private open(key: string, plan: SubscriptionPlan, requestContext: GatewayGraphQLRequestContext, context: GatewayContext): SharedSubscription {
    const { primary } = plan;
    const url = this.urls.get(primary.serviceName);
    if (!url) throw new Error(`no URL for subgraph ${primary.serviceName}`);
    const variables = requestContext.request.variables ?? {};
    const primaryVariables = Object.fromEntries((primary.variableUsages ?? []).filter((name) => name in variables).map((name) => [name, variables[name]]));
    const resolver = new EventResolver(plan, this.planner!, this.services, {
      ...requestContext,
      // The group outlives the first client's request; it keeps only what the fetches need.
      context: { requestId: context.requestId, identity: context.identity, lang: context.lang },
    });
    let group: SharedSubscription;
    const upstream = new Upstream(new PrimaryRequest(primary, plan.root, primaryVariables), {
      next: (event: FormattedExecutionResult) => group.event(event),
      error: (errors) => {
        this.options.logger.warn({ subgraph: primary.serviceName, errors: errors.map((error) => error.message) }, 'subscription: the subgraph ended the stream with errors');
        return group.end(errors);
      },
      complete: () => {
        this.options.logger.info({ subgraph: primary.serviceName }, 'subscription: the subgraph completed the stream');
        return group.end();
      },
    }, {
      url: url.replace(/^http/, 'ws'),
      connectionParams: () => ({ [IDENTITY_HEADER]: this.options.signer.sign(context.identity ?? null), 'x-request-id': context.requestId, 'accept-language': context.lang }),
      reconnectMaxMs: this.options.config.reconnectMaxMs,
    });
    group = new SharedSubscription(key, upstream, resolver, this.options.config.clientQueue, this.limiter, (closed) => {
      if (this.groups.get(closed.key) === closed) this.groups.delete(closed.key);
    }, this.options.logger);
    this.groups.set(key, group);
    upstream.start();
    return group;
  }
}

/**
 * Who may share a stream: the same operation text and name, the same variables, and the same
 * caller (subject, role, USCC and scopes), in the same language. Keyed by the caller, not just
 * by role and scopes, so no subgraph rule that looks at the subject can leak across callers.
 */
function sharingKey(requestContext: GatewayGraphQLRequestContext, identity: Identity, lang: string): string {
  const caller = [identity.subject, identity.role, identity.uscc ?? '', [...identity.scopes].sort()];
  return createHash('sha256')
    .update(JSON.stringify([requestContext.queryHash, requestContext.operationName ?? '', canonical(requestContext.request.variables ?? {}), caller, lang]))
    .digest('hex');
}

/** Whether the client asks to resume (a non-null `after`), which its own stream serves. */
function resumesFrom(plan: SubscriptionPlan, variables: Record<string, unknown>): boolean {
  const after = plan.root.after;
  if (!after) return false;
  return 'literal' in after || (variables[after.variable] !== undefined && variables[after.variable] !== null);
}

/** JSON with object keys sorted, so equal variables give equal keys. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}
