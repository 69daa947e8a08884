import { agencyMetrics, appError, type AgencyAttemptOutcome, type Logger } from '@sw/kernel';
import {
  BrokenCircuitError, CircuitState, ConsecutiveBreaker, ExponentialBackoff, TaskCancelledError, TimeoutStrategy,
  circuitBreaker, handleWhen, retry, timeout, wrap, type CircuitBreakerPolicy, type IPolicy,
} from 'cockatiel';
import { GraphQLError } from 'graphql';
import { AGENCY_TITLE, type Agency } from './agency';
import { UpstreamHttpError, UpstreamResponseError } from './agency-http';

export interface ResilienceOptions {
  /** Per attempt; the attempt is abandoned (and its request aborted) when it runs out. */
  timeoutMs: number;
  /** Further attempts after a transient failure (network error, timeout, 5xx, 429); 4xx is never retried. */
  retries: number;
  /** Exponential backoff with decorrelated jitter between attempts: first delay and cap. */
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
  /** Consecutive transient failures that open the agency's circuit. */
  breakerFailures: number;
  /** How long an open circuit refuses calls before one trial call may go through (half-open). */
  breakerHalfOpenMs: number;
  /** How long an answer is served from memory without asking the agency again. */
  cacheTtlMs: number;
  /** How old a last good answer may be and still be served, marked stale, when the agency fails. */
  staleMaxMs: number;
  cacheMaxEntries: number;
}

/** An answer and where it came from. */
export interface Served<T> {
  value: T;
  /** When the agency gave this answer. */
  fetchedAt: Date;
  /** True when the agency failed just now and this is an earlier answer (stale-if-error). */
  stale: boolean;
  /** True when this call asked the agency (not the cache): the answer may be news. */
  fromUpstream: boolean;
}

/** Why an agency could not be used; travels as `extensions.reason`. */
export type UnavailableReason = 'TIMEOUT' | 'CIRCUIT_OPEN' | 'NETWORK' | 'UPSTREAM_ERROR' | 'CREDENTIALS_REFUSED' | 'BAD_RESPONSE' | 'REFUSED';

interface CacheEntry {
  value: unknown;
  fetchedAt: number;
}

export type CircuitName = 'closed' | 'open' | 'half-open' | 'isolated';
const CIRCUIT_NAMES: Record<CircuitState, CircuitName> = {
  [CircuitState.Closed]: 'closed', [CircuitState.Open]: 'open', [CircuitState.HalfOpen]: 'half-open', [CircuitState.Isolated]: 'isolated',
};

/**
 * Every call to one agency goes through here: a timeout per attempt, retries with exponential
 * backoff and jitter on transient failures only, the agency's circuit breaker, and for reads an
 * in-memory cache with a TTL that also serves the last good answer, marked stale, when the
 * agency fails. What cannot be served becomes UPSTREAM_UNAVAILABLE naming the agency.
 *
 * The policies are cockatiel's; the order is retry → breaker → timeout, so each attempt counts
 * toward the breaker and an open circuit stops the retries at once.
 */
export class AgencyCall {
  private readonly policy: IPolicy;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<Served<unknown>>>();
  /** Requests actually sent to the agency (each retry counts); an open circuit sends none. */
  attempts = 0;

  constructor(
    readonly agency: Agency,
    private readonly options: ResilienceOptions,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.breaker = circuitBreaker(handleWhen(isTransient), {
      halfOpenAfter: options.breakerHalfOpenMs,
      breaker: new ConsecutiveBreaker(options.breakerFailures),
    });
    this.breaker.onBreak(() => logger.warn({ agency, halfOpenAfterMs: options.breakerHalfOpenMs }, 'agency circuit opened'));
    this.breaker.onHalfOpen(() => logger.info({ agency }, 'agency circuit half-open: one trial call goes through'));
    this.breaker.onReset(() => logger.info({ agency }, 'agency circuit closed again'));
    // /metrics: sw_agency_circuit_state reads the breaker at each scrape.
    agencyMetrics.watchCircuit(agency, () => this.circuit);
    const retries = retry(handleWhen(isTransient), {
      maxAttempts: options.retries,
      backoff: new ExponentialBackoff({ initialDelay: options.retryInitialDelayMs, maxDelay: options.retryMaxDelayMs }),
    });
    retries.onRetry((event) => logger.debug({ agency, attempt: event.attempt, delayMs: event.delay, reason: reasonOf('error' in event ? event.error : undefined) }, 'retrying agency call'));
    this.policy = wrap(retries, this.breaker, timeout(options.timeoutMs, TimeoutStrategy.Aggressive));
  }

  /** The breaker's state, for readiness and tests. */
  get circuit(): CircuitName {
    return CIRCUIT_NAMES[this.breaker.state];
  }

  /**
   * Calls the agency through the policies. `operation` names the call in logs; it must never
   * carry personal data. A definitive refusal (4xx other than 401/403/429) is rethrown as the
   * UpstreamHttpError for the adapter to translate; unavailability becomes UPSTREAM_UNAVAILABLE.
   */
  async run<T>(operation: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await this.policy.execute(({ signal }) => {
        this.attempts += 1;
        const done = agencyMetrics.startAttempt(this.agency);
        return call(signal).then((value) => {
          done('ok');
          return value;
        }, (error: unknown) => {
          done(signal.aborted ? 'timeout' : attemptOutcome(error));
          throw error;
        });
      });
    } catch (error) {
      const reason = reasonOf(error);
      if (!reason) throw error;
      this.logger.warn({ agency: this.agency, operation, reason, status: error instanceof UpstreamHttpError ? error.status : undefined }, 'agency call failed');
      throw this.unavailable(reason);
    }
  }

  /**
   * A read through the cache: a fresh answer (younger than the TTL) without calling; otherwise
   * the agency, and when it fails, the last good answer for `key` marked stale (if not older than
   * staleMaxMs). `refresh` skips the fresh answer (the periodic refresh). Concurrent reads of
   * one key share one call.
   */
  async cached<T>(key: string, operation: string, call: (signal: AbortSignal) => Promise<T>, refresh = false): Promise<Served<T>> {
    const entry = this.cache.get(key);
    if (!refresh && entry && this.now() - entry.fetchedAt < this.options.cacheTtlMs) {
      return { value: entry.value as T, fetchedAt: new Date(entry.fetchedAt), stale: false, fromUpstream: false };
    }
    let pending = this.inFlight.get(key) as Promise<Served<T>> | undefined;
    if (!pending) {
      pending = this.fetchInto(key, operation, call).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    try {
      return await pending;
    } catch (error) {
      const last = this.cache.get(key);
      if (isUnavailable(error) && last && this.now() - last.fetchedAt <= this.options.staleMaxMs) {
        this.logger.info({ agency: this.agency, operation, ageMs: this.now() - last.fetchedAt }, 'serving the last good answer, marked stale');
        return { value: last.value as T, fetchedAt: new Date(last.fetchedAt), stale: true, fromUpstream: false };
      }
      throw error;
    }
  }

  /** Forgets the cached answers whose key starts with `prefix` (after a write that changes them). */
  invalidate(prefix: string): void {
    for (const key of [...this.cache.keys()]) if (key.startsWith(prefix)) this.cache.delete(key);
  }

  private async fetchInto<T>(key: string, operation: string, call: (signal: AbortSignal) => Promise<T>): Promise<Served<T>> {
    let value: T;
    try {
      value = await this.run(operation, call);
    } catch (error) {
      // A read the adapter did not turn into an answer (a 404 becomes null there) is a refusal
      // the caller cannot fix: unavailable, and the last good answer may still be served.
      if (!(error instanceof UpstreamHttpError)) throw error;
      this.logger.warn({ agency: this.agency, operation, reason: 'REFUSED', status: error.status }, 'agency refused a read');
      throw this.unavailable('REFUSED');
    }
    const fetchedAt = this.now();
    this.cache.delete(key);
    this.cache.set(key, { value, fetchedAt });
    // Map order is insertion order: the first key is the least recently fetched.
    while (this.cache.size > this.options.cacheMaxEntries) this.cache.delete(this.cache.keys().next().value!);
    return { value, fetchedAt: new Date(fetchedAt), stale: false, fromUpstream: true };
  }

  private unavailable(reason: UnavailableReason): GraphQLError {
    agencyMetrics.countFailure(this.agency, reason);
    const title = `${this.agency} (${AGENCY_TITLE[this.agency]})`;
    const why: Record<UnavailableReason, string> = {
      TIMEOUT: `did not answer within ${this.options.timeoutMs} ms`,
      CIRCUIT_OPEN: `is failing; calls to it are paused for up to ${Math.ceil(this.options.breakerHalfOpenMs / 1000)} s`,
      NETWORK: 'cannot be reached',
      UPSTREAM_ERROR: 'answered with a server error',
      CREDENTIALS_REFUSED: 'refused the Single Window\'s credentials (an operator must fix AGENCY_*_TOKEN)',
      BAD_RESPONSE: 'gave an answer the Single Window cannot read',
      REFUSED: 'refused the request',
    };
    return appError('UPSTREAM_UNAVAILABLE', `${title} ${why[reason]} and no earlier answer can be served; try again later`, {
      agency: this.agency,
      reason,
      ...(reason === 'CIRCUIT_OPEN' ? { retryAfterSeconds: Math.ceil(this.options.breakerHalfOpenMs / 1000) } : {}),
    });
  }
}

/** Failures worth another attempt and counted by the breaker: network errors, timeouts, 5xx and 429. */
export function isTransient(error: unknown): boolean {
  if (error instanceof BrokenCircuitError) return false;
  if (error instanceof TaskCancelledError) return true;
  if (error instanceof UpstreamHttpError) return error.status >= 500 || error.status === 429;
  return isNetworkError(error);
}

/** fetch() rejects with a TypeError for refused connections, resets, DNS failures and the like. */
function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'UND_ERR_SOCKET']
    .includes(String((error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code)));
}

function reasonOf(error: unknown): UnavailableReason | undefined {
  if (error instanceof BrokenCircuitError) return 'CIRCUIT_OPEN';
  if (error instanceof TaskCancelledError) return 'TIMEOUT';
  if (error instanceof UpstreamResponseError) return 'BAD_RESPONSE';
  if (error instanceof UpstreamHttpError) {
    if (error.status >= 500 || error.status === 429) return 'UPSTREAM_ERROR';
    if (error.status === 401 || error.status === 403) return 'CREDENTIALS_REFUSED';
    return undefined;
  }
  return isNetworkError(error) ? 'NETWORK' : undefined;
}

/** How one attempt ended, for sw_agency_request_duration_seconds. */
function attemptOutcome(error: unknown): AgencyAttemptOutcome {
  const reason = reasonOf(error);
  if (reason) return reason.toLowerCase() as AgencyAttemptOutcome;
  return error instanceof UpstreamHttpError ? 'refused' : 'error';
}

/** Whether `error` is the UPSTREAM_UNAVAILABLE this class throws. */
export function isUnavailable(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError && error.extensions.code === 'UPSTREAM_UNAVAILABLE';
}

/** The freshness fields every agency answer carries in the schema. */
export function freshness(served: Served<unknown>, now = Date.now()): { stale: boolean; fetchedAt: Date; ageSeconds: number } {
  return { stale: served.stale, fetchedAt: served.fetchedAt, ageSeconds: Math.max(0, Math.floor((now - served.fetchedAt.getTime()) / 1000)) };
}
