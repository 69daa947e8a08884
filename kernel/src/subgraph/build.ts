import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';

/** The Federation 2 features our subgraphs may use; auth directives are enforced by our gateway. */
const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: [
  "@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", "@override",
  "@interfaceObject", "@authenticated", "@requiresScopes"])`;

export interface SubgraphDefinition {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  /** `__resolveReference` per entity type name, each beside its entity. */
  referenceResolvers?: Record<string, { __resolveReference: (...args: never[]) => unknown }>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
}

export interface BuiltSubgraph {
  schema: GraphQLSchema;
  /** The SDL committed under `schema/`, federation directives included. */
  sdl: string;
}

/** Turns type-graphql resolvers into a Federation 2 subgraph schema. */
export async function buildSubgraph(definition: SubgraphDefinition): Promise<BuiltSubgraph> {
  const typeSchema = await buildSchema({
    resolvers: definition.resolvers,
    orphanedTypes: definition.orphanedTypes,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false,
    // Federation adds Query._entities itself; a subgraph may have no root query of its own.
    skipCheck: true,
  });
  const resolvers = createResolversMap(typeSchema) as GraphQLResolverMap<unknown>;
  for (const [typeName, reference] of Object.entries(definition.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...reference } as never;
  }
  const schema = buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(typeSchema)}`),
    resolvers,
  });
  return { schema, sdl: printSubgraphSchema(schema) };
}
