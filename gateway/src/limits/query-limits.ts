import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';
import type { LimitsConfig } from './config';
import { costOf } from './cost';
import { tooComplex } from './errors';
import { neutralise } from './refusal';
import { shapeChecker } from './shape';
import { exceedsTokens } from './tokens';

/**
 * Refuses operations that are too big to serve with QUERY_TOO_COMPLEX (HTTP 400), naming the
 * limit: tokens (counted before parsing), depth, aliases and directives (graphql-armor),
 * and cost (lists weighed by `first`). Applies to HTTP and graphql-ws alike.
 */
export function queryLimitsPlugin(limits: LimitsConfig['query']): ApolloServerPlugin<GatewayContext> {
  const shape = shapeChecker(limits);
  return {
    async requestDidStart(requestContext) {
      const { query } = requestContext.request;
      const tooManyTokens = typeof query === 'string' && exceedsTokens(query, limits.maxTokens);
      if (tooManyTokens) neutralise(requestContext);
      return {
        async didResolveOperation({ schema, document, operationName, request, contextValue }) {
          const lang = contextValue.lang;
          if (tooManyTokens) throw tooComplex('tokens', limits.maxTokens, undefined, lang);
          const violation = shape(schema, document);
          if (violation) throw tooComplex(violation.limit, violation.max, violation.actual, lang);
          const cost = costOf(limits, schema, document, operationName, request.variables);
          if (cost !== undefined && cost > limits.maxCost) {
            throw tooComplex('cost', limits.maxCost, Number.isFinite(cost) ? cost : undefined, lang);
          }
        },
      };
    },
  };
}
