import { composeServices } from '@apollo/composition';
import type { HINTS } from '@apollo/composition/dist/hints';
import { DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph } from '@apollo/federation-internals';
import { parse, type GraphQLSchema } from 'graphql';
import { subgraphs } from './subgraphs';

export interface ComposedSupergraph {
  subgraphs: { name: string; sdl: string }[];
  supergraphSdl: string;
  /** Each hint as `[CODE]: message`. */
  hints: string[];
}

/**
 * Hints that point at a real disagreement between subgraphs, or at something partners would
 * see change silently: a type, argument or enum value that composition narrowed, dropped or
 * merged. Others (differing descriptions, entity-ness, override bookkeeping) are advisory.
 */
const SIGNIFICANT_HINT_CODES: readonly (keyof typeof HINTS)[] = [
  'INCONSISTENT_BUT_COMPATIBLE_FIELD_TYPE',
  'INCONSISTENT_BUT_COMPATIBLE_ARGUMENT_TYPE',
  'INCONSISTENT_DEFAULT_VALUE_PRESENCE',
  'INCONSISTENT_ARGUMENT_PRESENCE',
  'INCONSISTENT_INPUT_OBJECT_FIELD',
  'INCONSISTENT_ENUM_VALUE_FOR_INPUT_ENUM',
  'INCONSISTENT_ENUM_VALUE_FOR_OUTPUT_ENUM',
  'UNUSED_ENUM_TYPE',
  'INCONSISTENT_RUNTIME_TYPES_FOR_SHAREABLE_RETURN',
  'INCONSISTENT_NON_REPEATABLE_DIRECTIVE_ARGUMENTS',
  'FROM_SUBGRAPH_DOES_NOT_EXIST',
];

/** The hints, of those composition returned, that should fail `npm run schema` and the tests. */
export function significantHints(hints: readonly string[]): string[] {
  return hints.filter((hint) => {
    const code = /^\[([A-Z_]+)\]/.exec(hint)?.[1];
    return code !== undefined && (SIGNIFICANT_HINT_CODES as readonly string[]).includes(code);
  });
}

/** Builds every subgraph and composes them; throws with every composition error listed. */
export async function composeSupergraph(): Promise<ComposedSupergraph> {
  const built = [];
  for (const subgraph of subgraphs) {
    built.push({ name: subgraph.name, url: subgraph.url, sdl: (await subgraph.build()).sdl });
  }
  const result = composeServices(built.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors) {
    const lines = result.errors.map((error) => `- [${String(error.extensions.code ?? 'ERROR')}] ${error.message}`);
    throw new Error(`composition failed with ${result.errors.length} error(s):\n${lines.join('\n')}`);
  }
  return {
    subgraphs: built.map(({ name, sdl }) => ({ name, sdl })),
    supergraphSdl: result.supergraphSdl,
    hints: result.hints.map((hint) => hint.toString()),
  };
}

/**
 * The supergraph features our gateway serves: the defaults plus the auth directives, which it
 * enforces itself before any subgraph is called (DESIGN.md, Security).
 */
const SUPPORTED_FEATURES = new Set([
  ...DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES,
  'https://specs.apollo.dev/authenticated/v0.1',
  'https://specs.apollo.dev/requiresScopes/v0.1',
]);

/** What clients see of a supergraph: join/link machinery and @inaccessible elements removed. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl, { supportedFeatures: SUPPORTED_FEATURES }).apiSchema().toGraphQLJSSchema();
}
