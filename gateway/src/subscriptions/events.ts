import { buildOperationContext, executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import type { QueryPlan } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { GraphQLError, type ExecutionResult, type FormattedExecutionResult } from 'graphql';
import type { SubscriptionPlan, SubscriptionPlanner } from './planner';

/**
 * Resolves each event of a subscription into the client's result: `Rest` (the entity fetches
 * to other subgraphs, batched by the planner) runs with the event as parent data. It is the
 * stock executor on the plan `Sequence [Primary, Rest]`, where the primary subgraph's data
 * source answers the `Primary` fetch with the event itself; so result shaping, `@requires`,
 * `@provides` and errors work exactly as for queries. A failed fetch yields partial data with
 * errors for that event.
 */
export class EventResolver {
  private readonly queryPlan: QueryPlan;
  private readonly operationContext: ReturnType<typeof buildOperationContext>;

  constructor(
    private readonly plan: SubscriptionPlan,
    private readonly planner: SubscriptionPlanner,
    private readonly services: ServiceMap,
    private readonly requestContext: GatewayGraphQLRequestContext,
  ) {
    const { primary, rest } = plan;
    this.queryPlan = { kind: 'QueryPlan', node: rest ? { kind: 'Sequence', nodes: [primary, rest] } : primary };
    this.operationContext = buildOperationContext({
      schema: planner.api,
      operationDocument: requestContext.document,
      operationName: requestContext.operationName ?? undefined,
    });
  }

  async resolve(event: FormattedExecutionResult): Promise<ExecutionResult> {
    try {
      const serviceMap: ServiceMap = { ...this.services, [this.plan.primary.serviceName]: new EventSource(event) };
      // Fresh metrics per event: the executor records error paths in them.
      const requestContext = { ...this.requestContext, metrics: {} };
      return await executeQueryPlan(this.queryPlan, serviceMap, requestContext, this.operationContext, this.planner.supergraphSchema, this.planner.apiSchema);
    } catch (error) {
      return { data: null, errors: [error instanceof GraphQLError ? error : new GraphQLError((error as Error).message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] };
    }
  }
}

/** Answers the `Primary` fetch with the event the subgraph's stream delivered. */
class EventSource implements GraphQLDataSource {
  constructor(private readonly event: FormattedExecutionResult) {}

  async process() {
    return { data: this.event.data, errors: this.event.errors };
  }
}
