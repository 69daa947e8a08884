import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode } from '@apollo/query-planner';
import { getNamedType, isObjectType, isInterfaceType, Kind, parse, type DocumentNode, type FieldNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

/** A subscription's plan: one stream from `primary`, then `rest` (entity fetches) for every event. */
export interface SubscriptionPlan {
  primary: FetchNode;
  rest?: PlanNode;
  /** The root field as the primary subgraph is asked for it. */
  root: RootField;
}

/**
 * The convention that makes a stream resumable (API.md's `clearanceStatusChanged`): the field
 * takes `after: String` and its events carry `cursor: String!`, the bus seq.
 */
export interface RootField {
  /** Response key of the root field in the primary's events. */
  responseKey: string;
  /** The `after` argument: a variable of the client's operation, a literal, or absent. */
  after?: { variable: string } | { literal: true };
  /** Type of the `after` argument as declared (`String`), when the field has one. */
  afterType?: string;
  /** Whether the field's type has a `cursor` field to resume from. */
  hasCursor: boolean;
}

const PLAN_CACHE_SIZE = 500;

/**
 * Plans subscriptions with the same query planner as queries, built from the very supergraph
 * the gateway loaded (the one without the security features, which our gateway enforces
 * itself before planning). Plans are cached by operation text and name.
 */
export class SubscriptionPlanner {
  readonly apiSchema: Schema;
  /** The supergraph as a graphql-js schema, which `executeQueryPlan` needs for `@requires` and rewrites. */
  readonly supergraphSchema: GraphQLSchema;
  /** The subgraphs as the supergraph names them, with their URLs. */
  readonly subgraphs: readonly { name: string; url: string }[];
  private readonly planner: QueryPlanner;
  private readonly cache = new Map<string, SubscriptionPlan>();

  constructor(plannerSdl: string, readonly api: GraphQLSchema) {
    const supergraph = Supergraph.build(plannerSdl);
    this.apiSchema = supergraph.apiSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
    this.subgraphs = supergraph.subgraphsMetadata();
  }

  /** The plan of a validated subscription operation; throws when the planner does not produce a subscription plan. */
  plan(document: DocumentNode, operationName: string | null | undefined, cacheKey: string): SubscriptionPlan {
    const key = `${cacheKey}:${operationName ?? ''}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const operation = operationFromDocument(this.apiSchema, document, { operationName: operationName ?? undefined });
    const node = this.planner.buildQueryPlan(operation).node;
    if (node?.kind !== 'Subscription') throw new Error('the query planner gave no subscription plan for this operation');
    const plan: SubscriptionPlan = { primary: node.primary, rest: node.rest, root: this.rootField(node.primary) };
    if (this.cache.size >= PLAN_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, plan);
    return plan;
  }

  private rootField(primary: FetchNode): RootField {
    const field = rootFieldOf(parse(primary.operation));
    const definition = this.api.getSubscriptionType()?.getFields()[field.name.value];
    const afterArgument = definition?.args.find((arg) => arg.name === 'after');
    const type = definition && getNamedType(definition.type);
    const hasCursor = Boolean(type && (isObjectType(type) || isInterfaceType(type)) && type.getFields().cursor);
    const value = field.arguments?.find((arg) => arg.name.value === 'after')?.value;
    return {
      responseKey: field.alias?.value ?? field.name.value,
      after: value === undefined || value.kind === Kind.NULL ? undefined
        : value.kind === Kind.VARIABLE ? { variable: value.name.value } : { literal: true },
      afterType: afterArgument ? String(afterArgument.type) : undefined,
      hasCursor,
    };
  }
}

/** The one root field of a subscription operation (graphql validation allows no other). */
export function rootFieldOf(document: DocumentNode): FieldNode {
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const field = operation?.selectionSet.selections.find((selection): selection is FieldNode => selection.kind === Kind.FIELD && selection.name.value !== '__typename');
  if (!field) throw new Error('a subscription selects exactly one root field');
  return field;
}
