import type { Identity } from '@sw/kernel';
import {
  getNamedType, Kind, TypeInfo, visit, visitWithTypeInfo,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';
import { judge, type AccessRequirements, type Verdict } from './requirements';

export interface Refusal {
  /** Response keys from the root to the refused field. */
  path: string[];
  coordinate: string;
  verdict: Exclude<Verdict, 'ALLOWED'>;
}

export interface AuthorizedOperation {
  /** The operation with every refused field removed (fragments inlined), or the original when nothing was refused. */
  document: DocumentNode;
  refusals: Refusal[];
  /** Every root field was refused: nothing is left to execute. */
  empty: boolean;
}

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

/**
 * Applies `@authenticated` / `@requiresScopes` before any subgraph is called: a field the
 * caller may not see is removed from the operation and reported, and the rest still runs.
 */
export function authorizeOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
  schema: GraphQLSchema,
  requirements: AccessRequirements,
  identity: Identity | undefined,
): AuthorizedOperation {
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode =>
    definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName));
  if (!operation || requirements.size === 0) return { document, refusals: [], empty: false };
  const inlined = inlineFragments(operation, document);
  const refusals: Refusal[] = [];
  const path: string[] = [];
  const typeInfo = new TypeInfo(schema);
  const worst = (...verdicts: Verdict[]): Verdict =>
    verdicts.includes('UNAUTHENTICATED') ? 'UNAUTHENTICATED' : verdicts.includes('FORBIDDEN') ? 'FORBIDDEN' : 'ALLOWED';

  const authorized = visit(inlined, visitWithTypeInfo(typeInfo, {
    Field: {
      enter(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        const key = node.alias?.value ?? node.name.value;
        if (!parent || !field || node.name.value.startsWith('__')) {
          path.push(key);
          return undefined;
        }
        const coordinate = `${parent.name}.${node.name.value}`;
        const verdict = worst(
          judge(identity, requirements.of(coordinate)),
          judge(identity, requirements.of(getNamedType(field.type).name)),
        );
        if (verdict !== 'ALLOWED') {
          refusals.push({ path: [...path, key], coordinate, verdict });
          return null;
        }
        path.push(key);
        return undefined;
      },
      leave() {
        path.pop();
      },
    },
    InlineFragment: {
      enter(node) {
        const condition = node.typeCondition?.name.value;
        const verdict = condition ? judge(identity, requirements.of(condition)) : 'ALLOWED';
        if (verdict === 'ALLOWED') return undefined;
        refusals.push({ path: [...path], coordinate: condition!, verdict });
        return null;
      },
    },
    SelectionSet: {
      leave(node): SelectionSetNode | undefined {
        return node.selections.length === 0 ? { ...node, selections: [TYPENAME] } : undefined;
      },
    },
  })) as OperationDefinitionNode;

  if (refusals.length === 0) return { document, refusals, empty: false };
  const rootFieldsLeft = authorized.selectionSet.selections.some((selection) => !(selection.kind === Kind.FIELD && selection === TYPENAME));
  return { document: { kind: Kind.DOCUMENT, definitions: [authorized] }, refusals, empty: !rootFieldsLeft };
}

/** Replaces fragment spreads by inline fragments, so each field has one response path. */
function inlineFragments(operation: OperationDefinitionNode, document: DocumentNode): OperationDefinitionNode {
  const fragments = new Map(document.definitions
    .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
    .map((fragment) => [fragment.name.value, fragment]));
  const expand = <T extends OperationDefinitionNode | SelectionSetNode>(node: T, seen: Set<string>): T => visit(node, {
    FragmentSpread(spread) {
      const fragment = fragments.get(spread.name.value);
      if (!fragment || seen.has(fragment.name.value)) return null;
      return {
        kind: Kind.INLINE_FRAGMENT,
        typeCondition: fragment.typeCondition,
        directives: spread.directives,
        selectionSet: expand(fragment.selectionSet, new Set([...seen, fragment.name.value])),
      };
    },
  }) as T;
  return expand(operation, new Set());
}
