import { DEFAULT_PAGE_SIZE } from '@sw/kernel';
import { getNamedType, getNullableType, isLeafType, isListType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { LimitsConfig } from './config';

/** More nodes than this (e.g. fragments spread into fragments) is too complex whatever the cost. */
const MAX_QUERY_NODES = 10_000;

/**
 * What an operation costs, roughly the number of objects it can make the subgraphs load:
 * every object field counts 1 plus its selection times how many it may return: `first` or
 * `last` when given, the default page size for a paged field without them, and
 * `listSize` for any other list (`edges`/`nodes` of a connection are already counted by the
 * paged field). Scalars are free. Introspection counts 1, whatever it selects, so Sandbox
 * keeps working under a tight limit.
 */
export function estimator(listSize: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (field.name === '__typename') return 0;
    if (field.name.startsWith('__')) return 1;
    const returns = getNamedType(field.type);
    if (isLeafType(returns)) return 0;
    return 1 + multiplier() * childComplexity;

    function multiplier(): number {
      const paged = field.args.some((arg) => arg.name === 'first' || arg.name === 'last');
      if (paged) return size(args.first) ?? size(args.last) ?? DEFAULT_PAGE_SIZE;
      if (!isListType(getNullableType(field.type))) return 1;
      if (type.name.endsWith('Connection') && (field.name === 'edges' || field.name === 'nodes')) return 1;
      return listSize;
    }
  };
}

const size = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

/**
 * The operation's cost, or Infinity when it has too many nodes to weigh. Undefined when it
 * cannot be weighed because its variables do not coerce: execution refuses those anyway.
 */
export function costOf(
  limits: LimitsConfig['query'],
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
): number | undefined {
  try {
    return getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables: variables ?? {},
      estimators: [estimator(limits.costListSize)],
      maxQueryNodes: MAX_QUERY_NODES,
    });
  } catch (error) {
    if (/maximum allowed number of nodes/.test((error as Error).message)) return Infinity;
    return undefined;
  }
}
