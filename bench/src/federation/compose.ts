import { composeServices } from '@apollo/composition';
import { SUBGRAPH_NAMES, TYPE_DEFS } from './schema';

/** Composes workload A's supergraph with the given subgraph URLs. */
export function composeFederation(urls: Record<string, string>): string {
  const composed = composeServices(SUBGRAPH_NAMES.map((name) => ({ name, url: urls[name]!, typeDefs: TYPE_DEFS[name] })));
  if (composed.errors) throw new Error(`composition failed:\n${composed.errors.map((error) => error.message).join('\n')}`);
  return composed.supergraphSdl;
}
