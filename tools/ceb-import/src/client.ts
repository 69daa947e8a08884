import { setTimeout as sleep } from 'node:timers/promises';
import { mutationOf, operationNameOf, type MessageSpec } from './messages';

/*
 * Submits one document through the gateway: POST /graphql with the caller's key as a bearer token.
 * The mutations are idempotent by the documents' keys (API.md), so a request whose answer was lost can be
 * sent again: network failures, timeouts, HTTP 429/502/503/504 and the RATE_LIMITED / UPSTREAM_UNAVAILABLE
 * codes are retried with backoff (Retry-After honoured). Every other refusal is the document's answer.
 */

export interface GraphQLErrorLike {
  message: string;
  extensions?: { code?: string; field?: string; [key: string]: unknown };
  path?: (string | number)[];
}

export interface SubmitError {
  code: string;
  message: string;
  field?: string;
}

export type SubmitOutcome =
  | { ok: true; data: Record<string, unknown>; warnings: SubmitError[] }
  /** fatal: the run cannot go on (the key is refused, the gateway cannot be reached). */
  | { ok: false; errors: SubmitError[]; fatal: boolean };

export interface ClientOptions {
  url: string;
  key: string;
  fetch?: typeof fetch;
  /** Per request. */
  timeoutMs?: number;
  /** Further attempts after a transient failure. */
  retries?: number;
  /** First backoff delay; doubled per attempt, with jitter. */
  retryDelayMs?: number;
  /** Longest wait honoured from a Retry-After header. */
  maxRetryAfterMs?: number;
}

const TRANSIENT_STATUS = new Set([429, 502, 503, 504]);
const TRANSIENT_CODES = new Set(['RATE_LIMITED', 'UPSTREAM_UNAVAILABLE']);

interface Attempt {
  outcome: SubmitOutcome;
  transient: boolean;
  retryAfterMs?: number;
}

function errorsOf(list: GraphQLErrorLike[] | undefined): SubmitError[] {
  return (list ?? []).map((error) => ({
    code: typeof error.extensions?.code === 'string' ? error.extensions.code : 'GRAPHQL_ERROR',
    message: String(error.message),
    ...(typeof error.extensions?.field === 'string' ? { field: error.extensions.field } : {}),
  }));
}

function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export class GatewayClient {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryAfterMs: number;

  constructor(private readonly options: ClientOptions) {
    this.fetch = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retries = options.retries ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  }

  async submit(spec: MessageSpec, input: Record<string, unknown>): Promise<SubmitOutcome> {
    const body = JSON.stringify({ operationName: operationNameOf(spec), query: mutationOf(spec), variables: { input } });
    let attempt = await this.attempt(spec, body);
    for (let retry = 1; attempt.transient && retry <= this.retries; retry++) {
      const backoff = this.retryDelayMs * 2 ** (retry - 1) * (0.5 + Math.random());
      await sleep(Math.min(this.maxRetryAfterMs, attempt.retryAfterMs ?? backoff));
      attempt = await this.attempt(spec, body);
    }
    return attempt.outcome;
  }

  private async attempt(spec: MessageSpec, body: string): Promise<Attempt> {
    let response: Response;
    try {
      response = await this.fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          authorization: `Bearer ${this.options.key}`,
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const detail = (error as Error).name === 'TimeoutError'
        ? `no answer within ${this.timeoutMs} ms`
        : cause?.code ?? cause?.message ?? (error as Error).message;
      return {
        outcome: { ok: false, fatal: true, errors: [{ code: 'NETWORK_ERROR', message: `cannot reach the gateway at ${this.options.url}: ${detail}` }] },
        transient: true,
      };
    }
    const text = await response.text();
    let payload: { data?: Record<string, unknown> | null; errors?: GraphQLErrorLike[] } | undefined;
    try {
      payload = JSON.parse(text) as typeof payload;
    } catch {
      payload = undefined;
    }
    const transientStatus = TRANSIENT_STATUS.has(response.status);
    if (!payload || typeof payload !== 'object') {
      return {
        outcome: {
          ok: false,
          fatal: response.status === 401 || response.status === 404,
          errors: [{ code: `HTTP_${response.status}`, message: `the gateway answered HTTP ${response.status} without a GraphQL response: ${text.slice(0, 200)}` }],
        },
        transient: transientStatus,
        retryAfterMs: retryAfter(response.headers.get('retry-after')),
      };
    }
    const errors = errorsOf(payload.errors);
    const result = payload.data?.[spec.mutation];
    if (result && typeof result === 'object') return { outcome: { ok: true, data: result as Record<string, unknown>, warnings: errors }, transient: false };
    if (errors.length === 0) errors.push({ code: `HTTP_${response.status}`, message: `the gateway answered no ${spec.mutation} and no error` });
    const unauthenticated = errors.some((error) => error.code === 'UNAUTHENTICATED');
    return {
      outcome: { ok: false, fatal: unauthenticated, errors },
      transient: transientStatus || errors.every((error) => TRANSIENT_CODES.has(error.code)),
      retryAfterMs: retryAfter(response.headers.get('retry-after')),
    };
  }
}
