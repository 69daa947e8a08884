import { resolve } from 'node:path';
import type { JwtOptions } from './auth/jwt';
import { readLimitsConfig, type LimitsConfig } from './limits/config';
import { readSubscriptionsConfig, type SubscriptionsConfig } from './subscriptions/config';
import { EnvReader, isProduction, readIdentitySigner, type IdentitySigner } from '@sw/kernel';

export interface GatewayConfig {
  port: number;
  host: string;
  supergraphPath: string;
  /** Per-subgraph URL overrides (SUBGRAPH_URL_<NAME>); otherwise the supergraph's own URLs. */
  subgraphUrls: Record<string, string>;
  adminApiKey?: string;
  introspection: boolean;
  corsOrigins: string[] | true;
  databaseUrl?: string;
  bodyLimit: string;
  production: boolean;
  jwt?: JwtOptions;
  /** How long an API key's verification is cached (revocations clear it sooner). */
  apiKeyCacheMs: number;
  /** Signs the identity forwarded to subgraphs. */
  signer: IdentitySigner;
  /** Query, rate, introspection, body-size and trusted-document limits (gateway/src/limits). */
  limits: LimitsConfig;
  /** Stack traces in error responses: off unless asked for, never in production. */
  stacktraces: boolean;
  /** Federated subscriptions: client queue bound and upstream reconnection (gateway/src/subscriptions). */
  subscriptions: SubscriptionsConfig;
}

const SUBGRAPH_URL_PREFIX = 'SUBGRAPH_URL_';

/** Reads the gateway's environment once; every problem is reported together. */
export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const read = new EnvReader(env);
  const production = isProduction(env);
  const subgraphUrls: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(SUBGRAPH_URL_PREFIX) || !value) continue;
    try {
      subgraphUrls[name.slice(SUBGRAPH_URL_PREFIX.length).toLowerCase()] = new URL(value).toString();
    } catch {
      read.problem(`${name} must be a URL, got "${value}"`);
    }
  }
  const origins = read.string('CORS_ORIGINS', '*');
  const adminApiKey = read.optional('ADMIN_API_KEY');
  if (adminApiKey !== undefined && adminApiKey.length < 16) read.problem('ADMIN_API_KEY must be at least 16 characters');
  const config: GatewayConfig = {
    port: read.int('PORT', 4000, 0, 65535),
    host: read.string('HOST', production ? '0.0.0.0' : '127.0.0.1'),
    supergraphPath: resolve(read.string('SUPERGRAPH_PATH', resolve(__dirname, '..', '..', 'schema', 'supergraph.graphql'))),
    subgraphUrls,
    adminApiKey,
    introspection: read.bool('INTROSPECTION', true),
    corsOrigins: origins === '*' ? true : origins.split(',').map((origin) => origin.trim()).filter(Boolean),
    databaseUrl: read.optional('DATABASE_URL'),
    bodyLimit: read.string('BODY_LIMIT', '1mb'),
    production,
    jwt: jwtOptions(read),
    apiKeyCacheMs: read.int('API_KEY_CACHE_SECONDS', 30, 0, 3600) * 1000,
    signer: readIdentitySigner(read, production),
    limits: readLimitsConfig(env, read),
    stacktraces: !production && read.bool('ERROR_STACKTRACES', false),
    subscriptions: readSubscriptionsConfig(read),
  };
  read.done();
  return config;
}


function jwtOptions(read: EnvReader): JwtOptions | undefined {
  const jwksUrl = read.optional('JWT_JWKS_URL');
  const jwksPath = read.optional('JWT_JWKS_PATH');
  if (!jwksUrl && !jwksPath) return undefined;
  return { jwksUrl, jwksPath, issuer: read.optional('JWT_ISSUER'), audience: read.optional('JWT_AUDIENCE') };
}
