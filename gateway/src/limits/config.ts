import { EnvReader, isProduction, ROLES, type Role } from '@sw/kernel';
import bytes from 'bytes';

/** Who may introspect: a role, or an anonymous caller. */
export type IntrospectionCaller = Role | 'ANONYMOUS';
export const INTROSPECTION_CALLERS: readonly IntrospectionCaller[] = [...ROLES, 'ANONYMOUS'];

export type TrustedDocumentsMode = 'off' | 'allow' | 'require';

/** The gateway's defences against expensive or abusive requests (see README, "Limits"). */
export interface LimitsConfig {
  query: {
    maxDepth: number;
    maxAliases: number;
    maxTokens: number;
    maxDirectives: number;
    maxCost: number;
    /** What a list field without `first`/`last` counts for in the cost. */
    costListSize: number;
  };
  /** Strip "Did you mean …?" from validation messages, so the schema cannot be guessed field by field. */
  blockFieldSuggestions: boolean;
  /** Who may query `__schema` / `__type` (when INTROSPECTION is on at all). */
  introspectionCallers: ReadonlySet<IntrospectionCaller>;
  rateLimit: {
    /** Operations per window for an identified caller; 0 means no limit. */
    points: number;
    /** Operations per window for one anonymous client address; 0 means no limit. */
    anonymousPoints: number;
    windowSeconds: number;
    /** Shared counters across gateway replicas; in-process memory when unset. */
    redisUrl?: string;
    keyPrefix: string;
  };
  body: {
    /** Limit for the bulk operations below; BODY_LIMIT (gateway config) for everything else. */
    bulkLimit: number;
    /** Root mutation fields that may send a body up to `bulkLimit`. */
    bulkOperations: ReadonlySet<string>;
  };
  trustedDocuments: {
    mode: TrustedDocumentsMode;
    /** JSON manifest `{ "<sha256>": "<query text>" }` (or an Apollo persisted-query manifest). */
    path?: string;
  };
}

const list = (raw: string) => raw.split(',').map((item) => item.trim()).filter(Boolean);

/**
 * Reads the limits from the environment. Pass the gateway's own reader to have its problems
 * reported with the gateway's; without one, this throws its own.
 */
export function readLimitsConfig(env: NodeJS.ProcessEnv = process.env, reader?: EnvReader): LimitsConfig {
  const read = reader ?? new EnvReader(env);
  const production = isProduction(env);

  const callers = read.string('INTROSPECTION_ROLES', production ? 'REGULATOR' : INTROSPECTION_CALLERS.join(','));
  const introspectionCallers = new Set<IntrospectionCaller>();
  for (const caller of callers.trim() === '*' ? INTROSPECTION_CALLERS : list(callers.toUpperCase())) {
    if ((INTROSPECTION_CALLERS as readonly string[]).includes(caller)) introspectionCallers.add(caller as IntrospectionCaller);
    else read.problem(`INTROSPECTION_ROLES must list ${INTROSPECTION_CALLERS.join(', ')} (or be *), got "${caller}"`);
  }

  const bulkRaw = read.string('BULK_BODY_LIMIT', '20mb');
  const bulkLimit = bytes.parse(bulkRaw);
  if (bulkLimit === null || !Number.isFinite(bulkLimit) || bulkLimit <= 0) read.problem(`BULK_BODY_LIMIT must be a size such as 20mb, got "${bulkRaw}"`);

  const mode = read.oneOf<TrustedDocumentsMode>('TRUSTED_DOCUMENTS', ['off', 'allow', 'require'], 'off');
  const path = read.optional('TRUSTED_DOCUMENTS_PATH');
  if (mode !== 'off' && !path) read.problem(`TRUSTED_DOCUMENTS=${mode} needs TRUSTED_DOCUMENTS_PATH (a JSON manifest of sha256 → query)`);

  const redisUrl = read.optional('REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) read.problem(`REDIS_URL must be a redis:// or rediss:// URL, got "${redisUrl}"`);

  const config: LimitsConfig = {
    query: {
      maxDepth: read.int('QUERY_MAX_DEPTH', 12, 1, 1000),
      maxAliases: read.int('QUERY_MAX_ALIASES', 15, 0, 10_000),
      maxTokens: read.int('QUERY_MAX_TOKENS', 2000, 10, 1_000_000),
      maxDirectives: read.int('QUERY_MAX_DIRECTIVES', 50, 0, 10_000),
      maxCost: read.int('QUERY_MAX_COST', 5000, 1, 1_000_000_000),
      costListSize: read.int('QUERY_COST_LIST_SIZE', 10, 1, 10_000),
    },
    blockFieldSuggestions: read.bool('BLOCK_FIELD_SUGGESTIONS', production),
    introspectionCallers,
    rateLimit: {
      points: read.int('RATE_LIMIT_POINTS', 600, 0),
      anonymousPoints: read.int('RATE_LIMIT_ANONYMOUS_POINTS', 120, 0),
      windowSeconds: read.int('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
      redisUrl,
      keyPrefix: read.string('RATE_LIMIT_KEY_PREFIX', 'sw:ratelimit'),
    },
    body: {
      bulkLimit: bulkLimit ?? 0,
      bulkOperations: new Set(list(read.string('BULK_OPERATIONS', 'captureTraceEvents,importEpcisDocument,importCustomsMessages'))),
    },
    trustedDocuments: { mode, path },
  };
  if (!reader) read.done();
  return config;
}
