import { Kind, parse, print, visit, type ConstDirectiveNode, type DirectiveNode, type DocumentNode, type ValueNode } from 'graphql';
import { AccessRequirements } from './requirements';

/** Supergraph features for securing fields that stock `ApolloGateway` refuses to load; this gateway enforces them. */
const SECURITY_SPECS = ['https://specs.apollo.dev/authenticated/', 'https://specs.apollo.dev/requiresScopes/'];

export interface SplitSupergraph {
  /** The supergraph without the security features, for the query planner. */
  plannerSdl: string;
  requirements: AccessRequirements;
}

/**
 * Reads `@authenticated` / `@requiresScopes` from the supergraph and removes their links,
 * definitions and uses, so the planner gets a supergraph it accepts while nothing is lost.
 */
export function splitSecurityFeatures(supergraphSdl: string): SplitSupergraph {
  const document = parse(supergraphSdl);
  const names = securityDirectiveNames(document);
  const requirements = collectRequirements(document, names);
  if (names.authenticated === undefined && names.requiresScopes === undefined) return { plannerSdl: supergraphSdl, requirements };
  const removed = new Set([names.authenticated, names.requiresScopes].filter((name): name is string => name !== undefined));
  const stripped = visit(document, {
    DirectiveDefinition: (node) => (removed.has(node.name.value) ? null : undefined),
    ScalarTypeDefinition: (node) => (node.name.value.startsWith(`${names.requiresScopes ?? 'requiresScopes'}__`) ? null : undefined),
    Directive: (node) => {
      if (removed.has(node.name.value)) return null;
      if (node.name.value === 'link' && SECURITY_SPECS.some((spec) => linkUrl(node)?.startsWith(spec))) return null;
      return undefined;
    },
  }) as DocumentNode;
  return { plannerSdl: print(stripped), requirements };
}

/** The names the supergraph gives the directives (`@link(..., as: "...")` may rename them). */
function securityDirectiveNames(document: DocumentNode): { authenticated?: string; requiresScopes?: string } {
  const names: { authenticated?: string; requiresScopes?: string } = {};
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const directive of definition.directives ?? []) {
      const url = directive.name.value === 'link' ? linkUrl(directive) : undefined;
      if (!url) continue;
      const alias = stringArgument(directive, 'as');
      if (url.startsWith(SECURITY_SPECS[0]!)) names.authenticated = alias ?? 'authenticated';
      if (url.startsWith(SECURITY_SPECS[1]!)) names.requiresScopes = alias ?? 'requiresScopes';
    }
  }
  return names;
}

function collectRequirements(document: DocumentNode, names: { authenticated?: string; requiresScopes?: string }): AccessRequirements {
  const requirements = new AccessRequirements();
  const read = (coordinate: string, directives: readonly ConstDirectiveNode[] | undefined) => {
    for (const directive of directives ?? []) {
      if (directive.name.value === names.authenticated) requirements.add(coordinate, { authenticated: true });
      if (directive.name.value === names.requiresScopes) {
        const scopes = directive.arguments?.find((arg) => arg.name.value === 'scopes')?.value;
        requirements.add(coordinate, { scopes: scopeLists(scopes) });
      }
    }
  };
  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name || !('directives' in definition)) continue;
    const typeName = definition.name.value;
    read(typeName, definition.directives as readonly ConstDirectiveNode[] | undefined);
    if ('fields' in definition && definition.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION) {
      for (const field of definition.fields ?? []) read(`${typeName}.${field.name.value}`, field.directives);
    }
  }
  return requirements;
}

function scopeLists(value: ValueNode | undefined): string[][] {
  if (value?.kind !== Kind.LIST) return [];
  return value.values.map((inner) => (inner.kind === Kind.LIST ? inner.values : [inner])
    .flatMap((scope) => (scope.kind === Kind.STRING ? [scope.value] : [])));
}

function linkUrl(directive: DirectiveNode): string | undefined {
  return stringArgument(directive, 'url');
}

function stringArgument(directive: DirectiveNode, name: string): string | undefined {
  const value = directive.arguments?.find((arg) => arg.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}
