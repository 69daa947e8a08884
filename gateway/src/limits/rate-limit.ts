import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '@sw/kernel';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { GatewayContext } from '../context';
import { CLIENT_ADDRESS_HEADER } from './client-address';
import type { LimitsConfig } from './config';
import { rateLimited } from './errors';
import { neutralise } from './refusal';

type RateLimitConfig = LimitsConfig['rateLimit'];

/** One bucket family: identified callers by subject, or anonymous clients by address. */
interface Bucket {
  points: number;
  limiter: RateLimiterAbstract;
}

/**
 * Counts every operation (HTTP and graphql-ws) against its caller: the verified identity's
 * subject, or the client address for an anonymous caller. Over the limit the operation is
 * not parsed or run: RATE_LIMITED with `extensions.retryAfter`, HTTP 429 and Retry-After.
 * Counters live in Redis when REDIS_URL is set (shared by every replica), else in memory; if
 * Redis is unreachable each replica falls back to its own memory counters.
 */
export function rateLimitPlugin(config: RateLimitConfig, logger: Logger): ApolloServerPlugin<GatewayContext> {
  const redis = config.redisUrl ? connect(config.redisUrl, logger) : undefined;
  const bucket = (points: number, kind: string): Bucket | undefined => {
    if (points === 0) return undefined;
    const options = { points, duration: config.windowSeconds, keyPrefix: `${config.keyPrefix}:${kind}` };
    const memory = new RateLimiterMemory(options);
    return { points, limiter: redis ? new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: memory }) : memory };
  };
  const identified = bucket(config.points, 'caller');
  const anonymous = bucket(config.anonymousPoints, 'anonymous');

  return {
    async serverWillStart() {
      if (redis) await ready(redis, logger);
      return {
        async serverWillStop() {
          await redis?.quit().catch(() => redis.disconnect());
        },
      };
    },
    async requestDidStart(requestContext) {
      const { contextValue, request } = requestContext;
      const identity = contextValue.identity;
      const address = request.http?.headers.get(CLIENT_ADDRESS_HEADER);
      // graphql-ws operations of an anonymous caller carry no client address: not counted here.
      const [family, key] = identity ? [identified, identity.subject] : [anonymous, address];
      if (!family || key === undefined) return;
      const retryAfter = await consume(family.limiter, key, logger);
      if (retryAfter === undefined) return;
      neutralise(requestContext);
      return {
        async didResolveOperation() {
          throw rateLimited(family.points, config.windowSeconds, retryAfter, contextValue.lang);
        },
      };
    },
  };
}

/** Seconds until the caller may retry, or undefined when the operation may run. */
async function consume(limiter: RateLimiterAbstract, key: string, logger: Logger): Promise<number | undefined> {
  try {
    await limiter.consume(key);
    return undefined;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    logger.warn({ err: rejection }, 'rate limiter failed; the operation runs uncounted');
    return undefined;
  }
}

/** Waits a moment for Redis at startup, so the first operations are counted in it; never fails the start. */
async function ready(redis: Redis, logger: Logger, timeoutMs = 3000): Promise<void> {
  if (redis.status === 'ready') return;
  const timer = new Promise<boolean>((resolve) => setTimeout(resolve, timeoutMs, false).unref());
  const connected = new Promise<boolean>((resolve) => redis.once('ready', () => resolve(true)));
  if (!(await Promise.race([connected, timer]))) logger.warn('rate limiter: Redis not ready at startup, counting in memory until it is');
}

function connect(url: string, logger: Logger): Redis {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
  let healthy = true;
  redis.on('ready', () => {
    if (!healthy) logger.info('rate limiter: Redis is back');
    healthy = true;
  });
  redis.on('error', (error) => {
    if (healthy) logger.warn({ err: error }, 'rate limiter: Redis unavailable, counting in memory until it is back');
    healthy = false;
  });
  return redis;
}
