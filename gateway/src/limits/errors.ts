import { HeaderMap } from '@apollo/server';
import { appError, type Language } from '@sw/kernel';
import type { GraphQLError } from 'graphql';

/** The query limits, as named in `extensions.limit` of a QUERY_TOO_COMPLEX error. */
export type QueryLimit = 'depth' | 'aliases' | 'tokens' | 'directives' | 'cost';

const LIMIT_NAMES: Record<QueryLimit, { en: string; zh: string }> = {
  depth: { en: 'query depth', zh: '查询深度' },
  aliases: { en: 'alias count', zh: '别名数量' },
  tokens: { en: 'token count', zh: '词法单元数量' },
  directives: { en: 'directive count', zh: '指令数量' },
  cost: { en: 'query cost', zh: '查询成本' },
};

/** HTTP status for an error thrown from a plugin hook (Apollo answers 500 when none is given). */
const http = (status: number, headers?: [string, string][]) => ({ http: { status, headers: new HeaderMap(headers) } });

/**
 * QUERY_TOO_COMPLEX naming the limit, its value and (when known) what the operation had:
 * `extensions: { code, limit, max, actual? }`, HTTP 400.
 */
export function tooComplex(limit: QueryLimit, max: number, actual: number | undefined, lang: Language): GraphQLError {
  const name = LIMIT_NAMES[limit];
  const message = lang === 'zh'
    ? `${name.zh}超过上限 ${max}${actual === undefined ? '' : `（实际 ${actual}）`}`
    : `${name.en} limit of ${max} exceeded${actual === undefined ? '' : `, found ${actual}`}`;
  return appError('QUERY_TOO_COMPLEX', message, { limit, max, ...(actual === undefined ? {} : { actual }), ...http(400) });
}

/** RATE_LIMITED with `extensions.retryAfter` (seconds), HTTP 429 and a Retry-After header. */
export function rateLimited(points: number, windowSeconds: number, retryAfter: number, lang: Language): GraphQLError {
  const message = lang === 'zh'
    ? `请求过于频繁：每 ${windowSeconds} 秒最多 ${points} 次，请 ${retryAfter} 秒后重试`
    : `rate limit of ${points} operations per ${windowSeconds} s exceeded; retry after ${retryAfter} s`;
  return appError('RATE_LIMITED', message, { retryAfter, ...http(429, [['retry-after', String(retryAfter)]]) });
}

/** FORBIDDEN, HTTP 403. */
export function refused(en: string, zh: string, lang: Language): GraphQLError {
  return appError('FORBIDDEN', lang === 'zh' ? zh : en, http(403));
}
