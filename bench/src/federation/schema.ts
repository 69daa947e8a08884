import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { IN_STOCK, PRODUCTS, REVIEWS, USERS, shippingEstimate, type Review } from './data';

export const SUBGRAPH_NAMES = ['accounts', 'inventory', 'products', 'reviews'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable", "@external", "@requires", "@provides"])';

export const TYPE_DEFS: Record<SubgraphName, DocumentNode> = {
  accounts: parse(`${LINK}
    type Query { me: User  user(id: ID!): User  users: [User] }
    type User @key(fields: "id") { id: ID!  name: String  username: String @shareable  birthday: Int }`),
  inventory: parse(`${LINK}
    type Product @key(fields: "upc") {
      upc: String!
      weight: Int @external
      price: Int @external
      inStock: Boolean
      shippingEstimate: Int @requires(fields: "price weight")
    }`),
  products: parse(`${LINK}
    type Query { topProducts(first: Int = 5): [Product] }
    type Product @key(fields: "upc") { upc: String!  name: String  price: Int  weight: Int }`),
  reviews: parse(`${LINK}
    type Review @key(fields: "id") { id: ID!  body: String  product: Product  author: User @provides(fields: "username") }
    type User @key(fields: "id") { id: ID!  username: String @external  reviews: [Review] }
    type Product @key(fields: "upc") { upc: String!  reviews: [Review] }`),
};

const userById = new Map(USERS.map((user) => [user.id, user]));
const productByUpc = new Map(PRODUCTS.map((product) => [product.upc, product]));
const reviewById = new Map(REVIEWS.map((review) => [review.id, review]));
const reviewsByAuthor = groupBy(REVIEWS, (review) => review.authorId);
const reviewsByProduct = groupBy(REVIEWS, (review) => review.productUpc);

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

type Ref = Record<string, any>;

const RESOLVERS: Record<SubgraphName, Record<string, any>> = {
  accounts: {
    Query: { me: () => USERS[0], user: (_: unknown, { id }: { id: string }) => userById.get(id) ?? null, users: () => USERS },
    User: { __resolveReference: (ref: Ref) => userById.get(ref.id) ?? null },
  },
  inventory: {
    Product: {
      __resolveReference: (ref: Ref) => ({ ...ref, inStock: IN_STOCK[ref.upc] ?? null }),
      shippingEstimate: (product: Ref) => (product.price == null || product.weight == null ? null : shippingEstimate(product.price, product.weight)),
    },
  },
  products: {
    Query: { topProducts: (_: unknown, { first }: { first: number }) => PRODUCTS.slice(0, first) },
    Product: { __resolveReference: (ref: Ref) => productByUpc.get(ref.upc) ?? null },
  },
  reviews: {
    Review: {
      __resolveReference: (ref: Ref) => reviewById.get(ref.id) ?? null,
      product: (review: Review) => ({ upc: review.productUpc }),
      author: (review: Review) => ({ id: review.authorId, username: userById.get(review.authorId)?.username }),
    },
    User: { reviews: (user: Ref) => reviewsByAuthor.get(user.id) ?? [] },
    Product: { reviews: (product: Ref) => reviewsByProduct.get(product.upc) ?? [] },
  },
};

export function subgraphSchema(name: SubgraphName): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: TYPE_DEFS[name], resolvers: RESOLVERS[name] as never });
}

/**
 * The benchmark operation: the nested users/topProducts query of the public federation
 * benchmarks (entities across all four subgraphs, @requires on shippingEstimate, @provides
 * on Review.author's username).
 */
export const BENCH_QUERY = `query Bench {
  users {
    id username name
    reviews { id body product { upc name price weight inStock shippingEstimate } }
  }
  topProducts(first: 5) {
    upc name price weight inStock shippingEstimate
    reviews {
      id body
      author { id username name reviews { product { upc name } } }
    }
  }
}`;
