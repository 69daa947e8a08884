import { readFileSync } from 'node:fs';
import { buildSchema, isEnumType } from 'graphql';

export interface SubgraphEndpoint {
  /** The subgraph's name as composed, lower-case (`registry`). */
  name: string;
  url: string;
}

export interface LoadedSupergraph {
  sdl: string;
  subgraphs: SubgraphEndpoint[];
}

/**
 * Reads a composed supergraph file. Subgraph names and URLs come from its
 * `join__Graph` enum, so the gateway assumes nothing about which subgraphs exist.
 */
export function loadSupergraph(path: string, overrides: Record<string, string> = {}): LoadedSupergraph {
  const sdl = readFileSync(path, 'utf8');
  const joinGraph = buildSchema(sdl, { assumeValidSDL: true }).getType('join__Graph');
  if (!isEnumType(joinGraph)) throw new Error(`${path} is not a supergraph: it has no join__Graph enum`);
  const subgraphs = joinGraph.getValues().map((value) => {
    const graph = value.astNode?.directives?.find((directive) => directive.name.value === 'join__graph');
    const argument = (name: string) => {
      const node = graph?.arguments?.find((arg) => arg.name.value === name)?.value;
      return node?.kind === 'StringValue' ? node.value : undefined;
    };
    const name = (argument('name') ?? value.name).toLowerCase();
    const url = overrides[name] ?? argument('url');
    if (!url) throw new Error(`subgraph ${name} has no URL in ${path}; set SUBGRAPH_URL_${name.toUpperCase()}`);
    return { name, url };
  });
  return { sdl, subgraphs };
}
