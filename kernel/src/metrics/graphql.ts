import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { Counter, Histogram, Registry } from 'prom-client';

/** Label values for operations without a name of their own. Parentheses cannot occur in GraphQL names. */
export const ANONYMOUS_OPERATION = '(anonymous)';
/** The document did not resolve to an operation: it did not parse or validate, or a persisted query was unknown. */
export const UNKNOWN_OPERATION = '(unknown)';
/** A name past the limit of distinct names (METRICS_MAX_OPERATIONS), or an unreasonably long one. */
export const OTHER_OPERATION = '(other)';

/** Seconds; from a cached lookup to a slow cross-agency query. */
export const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Keeps a label's cardinality bounded: the first `max` distinct values are kept, every later one
 * becomes `overflow`. Clients choose operation names, so without this a caller could grow the
 * metrics without end.
 */
export class LabelLimiter {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number, private readonly overflow = OTHER_OPERATION, private readonly maxLength = 100) {}

  value(candidate: string): string {
    if (this.seen.has(candidate)) return candidate;
    if (candidate.length > this.maxLength || this.seen.size >= this.max) return this.overflow;
    this.seen.add(candidate);
    return candidate;
  }
}

export interface GraphqlObservation {
  /** null/undefined when the operation has no name; `resolved` false when there was no operation. */
  operationName?: string | null;
  resolved: boolean;
  operationType?: string;
  seconds: number;
  /** extensions.code of each error in the response (undefined when an error has none). */
  errorCodes: (string | undefined)[];
}

/**
 * One server's GraphQL request metrics, in a registry of its own (a test process may run several
 * servers): requests and their latency per operation name and type, and errors by code.
 */
export class GraphqlMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'operation_name' | 'operation_type' | 'status'>;
  readonly duration: Histogram<'operation_name' | 'operation_type'>;
  readonly errors: Counter<'operation_name' | 'code'>;
  private readonly names: LabelLimiter;
  private readonly codes = new LabelLimiter(50, 'OTHER', 64);

  constructor(options: { maxOperationNames?: number } = {}) {
    this.names = new LabelLimiter(options.maxOperationNames ?? 200);
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'sw_graphql_requests_total',
      help: 'GraphQL operations answered, by operation name and type; status is "error" when the response carries any error',
      labelNames: ['operation_name', 'operation_type', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'sw_graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL operation to sending its response, by operation name and type',
      labelNames: ['operation_name', 'operation_type'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'sw_graphql_errors_total',
      help: 'Errors in GraphQL responses, by operation name and extensions.code',
      labelNames: ['operation_name', 'code'],
      registers,
    });
  }

  /** The label an operation is counted under. */
  operationLabel(operationName: string | null | undefined, resolved: boolean): string {
    if (!resolved) return UNKNOWN_OPERATION;
    if (!operationName) return ANONYMOUS_OPERATION;
    return this.names.value(operationName);
  }

  observe(observation: GraphqlObservation): void {
    const operation_name = this.operationLabel(observation.operationName, observation.resolved);
    const operation_type = observation.resolved ? observation.operationType ?? 'unknown' : 'unknown';
    const status = observation.errorCodes.length > 0 ? 'error' : 'ok';
    this.requests.inc({ operation_name, operation_type, status });
    this.duration.observe({ operation_name, operation_type }, observation.seconds);
    for (const code of observation.errorCodes) this.errors.inc({ operation_name, code: this.codes.value(code ?? 'UNKNOWN') });
  }
}

function responseErrors(context: GraphQLRequestContextWillSendResponse<BaseContext>): (string | undefined)[] {
  const body = context.response.body;
  const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
  return (errors ?? []).map((error) => {
    const code = error.extensions?.code;
    return typeof code === 'string' ? code : undefined;
  });
}

/** An Apollo Server plugin that feeds GraphqlMetrics with every operation, including refused and invalid ones. */
export function graphqlMetricsPlugin<TContext extends BaseContext>(metrics: GraphqlMetrics): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(context) {
          const operation = context.operation;
          metrics.observe({
            operationName: operation ? context.operationName : undefined,
            resolved: operation !== undefined,
            operationType: operation?.operation,
            seconds: Number(process.hrtime.bigint() - started) / 1e9,
            errorCodes: responseErrors(context as unknown as GraphQLRequestContextWillSendResponse<BaseContext>),
          });
        },
      };
    },
  };
}
