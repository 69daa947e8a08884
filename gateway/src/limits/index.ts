import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '@sw/kernel';
import type { RequestHandler } from 'express';
import type { GatewayConfig } from '../config';
import type { GatewayContext } from '../context';
import { bodyLimit } from './body-size';
import { stampClientAddress } from './client-address';
import { blockFieldSuggestionsPlugin } from './field-suggestions';
import { introspectionPlugin } from './introspection';
import { queryLimitsPlugin } from './query-limits';
import { rateLimitPlugin } from './rate-limit';
import { loadTrustedDocuments, trustedDocumentsPlugin } from './trusted-documents';

export { readLimitsConfig, type LimitsConfig } from './config';

export interface Limits {
  /** Apollo plugins, in the order they must run: rate limit first, so RATE_LIMITED wins. */
  plugins: ApolloServerPlugin<GatewayContext>[];
  /** Express middleware for /graphql, before express.json(). */
  middleware: RequestHandler[];
}

/**
 * The gateway's request limits: rate limits, trusted documents, query shape and cost,
 * introspection per role, field suggestions, and body size (env: see config.ts).
 */
export function createLimits(config: Pick<GatewayConfig, 'bodyLimit' | 'limits'>, logger: Logger): Limits {
  const { limits } = config;
  const { mode, path } = limits.trustedDocuments;
  const documents = mode !== 'off' && path ? loadTrustedDocuments(path) : undefined;
  const plugins: ApolloServerPlugin<GatewayContext>[] = [rateLimitPlugin(limits.rateLimit, logger)];
  if (mode !== 'off' && documents) plugins.push(trustedDocumentsPlugin(mode, documents));
  plugins.push(queryLimitsPlugin(limits.query), introspectionPlugin(limits.introspectionCallers));
  if (limits.blockFieldSuggestions) plugins.push(blockFieldSuggestionsPlugin as ApolloServerPlugin<GatewayContext>);
  const middleware = [
    stampClientAddress,
    bodyLimit({ limit: config.bodyLimit, ...limits.body, documentFor: (hash) => documents?.get(hash) }),
  ];
  return { plugins, middleware };
}
