import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../context';

/** Representations in one batched `_entities` request, at most. */
const MAX_REPRESENTATIONS = 200;

interface Waiting {
  representations: unknown[];
  resolve(response: GatewayGraphQLResponse): void;
  reject(error: unknown): void;
}

interface Batch {
  options: GraphQLDataSourceProcessOptions<GatewayContext>;
  waiting: Waiting[];
  size: number;
}

/**
 * Entity fetches of events being resolved at the same moment, to the same subgraph with the
 * same operation for the same caller, go out as one `_entities` request (as the planner
 * batches the entities of one response); each event gets its slice of the entities and the
 * errors at its own indexes. A busy stream then costs a request per moment, not per event.
 * Fetches for different callers are never merged: the identity header is per request.
 */
export class BatchingDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly batches = new Map<string, Batch>();

  constructor(private readonly inner: GraphQLDataSource<GatewayContext>) {}

  process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { representations, ...others } = options.request.variables ?? {};
    if (!('incomingRequestContext' in options) || !Array.isArray(representations)) return this.inner.process(options);
    const key = JSON.stringify([options.request.query, others, callerOf(options.incomingRequestContext.context)]);
    let batch = this.batches.get(key);
    if (!batch || batch.size + representations.length > MAX_REPRESENTATIONS) {
      const opened: Batch = { options, waiting: [], size: 0 };
      this.batches.set(key, opened);
      setImmediate(() => void this.send(key, opened));
      batch = opened;
    }
    batch.size += representations.length;
    const joined = batch;
    return new Promise((resolve, reject) => joined.waiting.push({ representations, resolve, reject }));
  }

  private async send(key: string, batch: Batch): Promise<void> {
    if (this.batches.get(key) === batch) this.batches.delete(key);
    const { options, waiting } = batch;
    const request = waiting.length === 1 ? options : {
      ...options,
      request: { ...options.request, variables: { ...options.request.variables, representations: waiting.flatMap((each) => each.representations) } },
    };
    let response: GatewayGraphQLResponse;
    try {
      response = await this.inner.process(request);
    } catch (error) {
      for (const each of waiting) each.reject(error);
      return;
    }
    if (waiting.length === 1) return waiting[0]!.resolve(response);
    let offset = 0;
    for (const each of waiting) {
      each.resolve(sliceOf(response, offset, each.representations.length));
      offset += each.representations.length;
    }
  }
}

/** One waiting fetch's part of a batched response: its entities, and the errors at them or at the whole request. */
function sliceOf(response: GatewayGraphQLResponse, offset: number, length: number): GatewayGraphQLResponse {
  const entities = response.data?._entities;
  const errors = (response.errors ?? []).flatMap((error): GraphQLFormattedError[] => {
    const index = error.path?.[0] === '_entities' && typeof error.path[1] === 'number' ? error.path[1] : undefined;
    if (index === undefined) return [error];
    if (index < offset || index >= offset + length) return [];
    return [{ ...error, path: ['_entities', index - offset, ...error.path!.slice(2)] }];
  });
  return {
    ...response,
    data: Array.isArray(entities) ? { ...response.data, _entities: entities.slice(offset, offset + length) } : response.data,
    errors: errors.length > 0 ? errors : undefined,
  };
}

/** Who the subgraph will be told is calling, and in which language: what must match to share a request. */
function callerOf(context: GatewayContext | undefined): unknown {
  const identity = context?.identity;
  return [identity ? [identity.subject, identity.role, identity.uscc ?? '', identity.scopes] : null, context?.lang];
}
