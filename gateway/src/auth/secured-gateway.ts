import { createHash } from 'node:crypto';
import type { ApolloGateway } from '@apollo/gateway';
import type { GatewayExecutor, GatewayInterface, GatewayLoadResult } from '@apollo/server-gateway-interface';
import { appError } from '@sw/kernel';
import { Kind, print, type GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context';
import { authorizeOperation, type Refusal } from './enforce';
import type { AccessRequirements } from './requirements';

/**
 * The stock gateway behind a guard that enforces the supergraph's auth directives on
 * every operation before the query planner, and so before any subgraph, sees it.
 */
export class SecuredGateway implements GatewayInterface {
  private apiSchema?: GraphQLSchema;

  constructor(
    private readonly inner: ApolloGateway,
    private readonly requirements: AccessRequirements,
    private readonly onRefused: (refusals: Refusal[], context: GatewayContext) => void = () => {},
  ) {
    inner.onSchemaLoadOrUpdate(({ apiSchema }) => {
      this.apiSchema = apiSchema;
    });
  }

  async load(options: Parameters<GatewayInterface['load']>[0]): Promise<GatewayLoadResult> {
    const loaded = await this.inner.load(options);
    const executor = loaded.executor;
    if (!executor) return loaded;
    return { executor: this.guard(executor) };
  }

  onSchemaLoadOrUpdate(callback: Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0]) {
    return this.inner.onSchemaLoadOrUpdate(callback);
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  private guard(executor: GatewayExecutor): GatewayExecutor {
    return async (requestContext) => {
      const context = requestContext.context as unknown as GatewayContext;
      const verdict = authorizeOperation(requestContext.document, requestContext.operationName, this.apiSchema!, this.requirements, context.identity);
      if (verdict.refusals.length === 0) return executor(requestContext);
      this.onRefused(verdict.refusals, context);
      const errors = verdict.refusals.map(refusalError);
      if (verdict.empty) return { data: null, errors };
      const source = print(verdict.document);
      const operation = verdict.document.definitions[0] as OperationDefinitionNode;
      const result = await executor({
        ...requestContext,
        document: verdict.document,
        source,
        queryHash: createHash('sha256').update(source).digest('hex'),
        operation: operation.kind === Kind.OPERATION_DEFINITION ? operation : requestContext.operation,
      });
      return { ...result, errors: [...errors, ...(result.errors ?? [])] };
    };
  }
}

function refusalError(refusal: Refusal): GraphQLError {
  const message = refusal.verdict === 'UNAUTHENTICATED'
    ? `${refusal.coordinate} needs an authenticated caller: send Authorization: Bearer <key or JWT>`
    : `${refusal.coordinate} needs a scope this caller does not hold`;
  const error = appError(refusal.verdict, message);
  (error as { path?: readonly string[] }).path = refusal.path;
  return error;
}
