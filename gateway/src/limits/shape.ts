import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { LimitsConfig } from './config';
import type { QueryLimit } from './errors';

/** A shape limit the document breaks: which, its value, and what the document had. */
export interface ShapeViolation {
  limit: QueryLimit;
  max: number;
  actual?: number;
}

/**
 * Depth, alias and directive limits: graphql-armor's validation rules, run by our plugin
 * rather than as Apollo `validationRules` (whose errors Apollo recodes as
 * GRAPHQL_VALIDATION_FAILED). Armor's own cost and token protections are off: the cost
 * here weighs lists by `first` (see cost.ts), and tokens are counted before parsing
 * (tokens.ts). The result depends on the document only, so it is cached per document,
 * which Apollo itself keeps in its document cache.
 */
export function shapeChecker(limits: LimitsConfig['query']): (schema: GraphQLSchema, document: DocumentNode) => ShapeViolation | undefined {
  const reject = (limit: QueryLimit, max: number): GraphQLArmorRejectCallback => (context, error) => {
    const found = /found (\d+)/.exec(error.message);
    context?.reportError(Object.assign(error, { violation: { limit, max, actual: found ? Number(found[1]) : undefined } }));
  };
  const { validationRules } = new ApolloArmor({
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, propagateOnRejection: false, onReject: [reject('depth', limits.maxDepth)] },
    maxAliases: { n: limits.maxAliases, propagateOnRejection: false, onReject: [reject('aliases', limits.maxAliases)] },
    maxDirectives: { n: limits.maxDirectives, propagateOnRejection: false, onReject: [reject('directives', limits.maxDirectives)] },
  }).protect();
  const checked = new WeakMap<DocumentNode, ShapeViolation | null>();
  return (schema, document) => {
    let violation = checked.get(document);
    if (violation === undefined) {
      const errors = validate(schema, document, validationRules);
      violation = (errors.find((error) => 'violation' in error) as { violation?: ShapeViolation } | undefined)?.violation ?? null;
      checked.set(document, violation);
    }
    return violation ?? undefined;
  };
}
