import { Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from '../errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

// Every subgraph defines the same PageInfo, so federation must be told it is shared.
@ObjectType({ description: 'Relay page information.' })
@Directive('@shareable')
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field() hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Declares `<Name>Edge` and `<Name>Connection` object types for a node type. */
export function connectionTypes<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field() cursor: string;
    @Field(() => node) node: T;
  }
  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType]) edges: EdgeType[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    @Field(() => Int, { description: 'All items matching the filter, across pages.' }) totalCount: number;
  }
  return ConnectionType as ClassType<Connection<T>>;
}

export interface PageRequest {
  /** How many to return (validated, defaulted). */
  first: number;
  /** The sort key of the last item already seen, decoded from `after`. */
  after?: string;
}

/** Validates `first`/`after` with BAD_USER_INPUT naming the argument. */
export function pageRequest(first: number | null | undefined, after: string | null | undefined, kind: string): PageRequest {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badInput('first', `must be between 0 and ${MAX_PAGE_SIZE}, got ${size}`);
  }
  if (after === null || after === undefined) return { first: size };
  const decoded = Buffer.from(after, 'base64url').toString('utf8');
  const prefix = `${kind}:`;
  if (!decoded.startsWith(prefix) || decoded.length === prefix.length) {
    throw badInput('after', 'is not a cursor from this list; pass an endCursor you received');
  }
  return { first: size, after: decoded.slice(prefix.length) };
}

export const encodeCursor = (kind: string, key: string) => Buffer.from(`${kind}:${key}`).toString('base64url');

/**
 * Builds a connection from up to `first + 1` rows fetched after the cursor: the extra row
 * only tells whether a next page exists.
 */
export function toConnection<T>(rows: T[], request: PageRequest, totalCount: number, kind: string, keyOf: (row: T) => string): Connection<T> {
  const page = rows.slice(0, request.first);
  const edges = page.map((node) => ({ cursor: encodeCursor(kind, keyOf(node)), node }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > request.first,
      hasPreviousPage: request.after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
