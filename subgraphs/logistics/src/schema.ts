import 'reflect-metadata';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import type { BuiltSubgraph } from '@sw/kernel';
import { parse } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema, createResolversMap, type PubSub } from 'type-graphql';
import { ParcelMilestoneResolver } from './milestone/milestone.resolver';
import { WarehouseResolver } from './warehouse/warehouse.resolver';
import { waybillReference } from './waybill/waybill.reference';
import { WaybillResolver } from './waybill/waybill.resolver';

/** The logistics subgraph schema: the only place that lists its resolvers. */
export function buildLogisticsSchema(): Promise<BuiltSubgraph> {
  return buildSubgraphWithSubscriptions({
    resolvers: [WarehouseResolver, ParcelMilestoneResolver, WaybillResolver],
    referenceResolvers: { Waybill: waybillReference },
  });
}

// ---- until the kernel's buildSubgraph takes subscriptions -----------------------------------------
// type-graphql refuses any @Subscription unless buildSchema gets a `pubSub`, even one that streams
// through its own `subscribe:` (parcelTracked reads the bus with the kernel's busSubscription and never
// touches a PubSub). The kernel's buildSubgraph passes none, so this is that helper, line for line,
// plus a PubSub that refuses to be used. Delete it once the kernel's helper passes one.

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: [
  "@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", "@override",
  "@interfaceObject", "@authenticated", "@requiresScopes"])`;

const NO_PUBSUB: PubSub = {
  publish() {
    throw new Error('logistics publishes on the bus (kernel publish), not on a type-graphql PubSub');
  },
  subscribe() {
    throw new Error('subscriptions stream with their own subscribe (kernel busSubscription), not from a type-graphql PubSub');
  },
};

async function buildSubgraphWithSubscriptions(definition: {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: [Function, ...Function[]];
  referenceResolvers: Record<string, { __resolveReference: (...args: never[]) => unknown }>;
}): Promise<BuiltSubgraph> {
  const typeSchema = await buildSchema({
    resolvers: definition.resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false,
    skipCheck: true,
    pubSub: NO_PUBSUB,
  });
  const resolvers = createResolversMap(typeSchema) as GraphQLResolverMap<unknown>;
  for (const [typeName, reference] of Object.entries(definition.referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...reference } as never;
  }
  const schema = buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(typeSchema)}`),
    resolvers,
  });
  return { schema, sdl: printSubgraphSchema(schema) };
}
