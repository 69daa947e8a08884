import type { Agency } from './agency';

/** An agency answered with a status other than 2xx. */
export class UpstreamHttpError extends Error {
  constructor(readonly agency: Agency, readonly status: number, readonly operation: string, readonly detail?: string) {
    super(`${agency} ${operation}: HTTP ${status}${detail ? ` (${detail})` : ''}`);
    this.name = 'UpstreamHttpError';
  }
}

/** An agency answered 2xx with a body that is not what its contract says: a fault on its side, not the caller's. */
export class UpstreamResponseError extends Error {
  constructor(readonly agency: Agency, readonly operation: string, problem: string) {
    super(`${agency} ${operation}: unexpected answer (${problem})`);
    this.name = 'UpstreamResponseError';
  }
}

export interface HttpAnswer<T> {
  status: number;
  body: T;
}

/**
 * The wire to one agency: JSON over HTTP with its bearer token. It neither retries nor logs; the
 * resilient call around it does both. Bodies are never put into errors or logs (they can carry
 * personal data); only the status and, for refusals, the agency's short `message`.
 */
export class AgencyHttp {
  constructor(readonly agency: Agency, private readonly baseUrl: string, private readonly token: string) {}

  /** GET `path`; `null` when the agency answers 404 and `notFoundIsNull` is set. */
  async get<T>(operation: string, path: string, signal: AbortSignal, notFoundIsNull = false): Promise<T | null> {
    const response = await this.send('GET', path, undefined, signal);
    if (response.status === 404 && notFoundIsNull) {
      await response.body?.cancel();
      return null;
    }
    return (await this.read<T>(operation, response)).body;
  }

  async post<T>(operation: string, path: string, body: unknown, signal: AbortSignal): Promise<HttpAnswer<T>> {
    return this.read<T>(operation, await this.send('POST', path, body, signal));
  }

  private send(method: string, path: string, body: unknown, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  }

  private async read<T>(operation: string, response: Response): Promise<HttpAnswer<T>> {
    const text = await response.text();
    if (response.status < 200 || response.status > 299) {
      throw new UpstreamHttpError(this.agency, response.status, operation, refusalMessage(text));
    }
    if (response.status === 202 && text.trim() === '') return { status: response.status, body: undefined as T };
    try {
      return { status: response.status, body: JSON.parse(text) as T };
    } catch {
      throw new UpstreamResponseError(this.agency, operation, 'the body is not JSON');
    }
  }
}

/** The agency's own short error text (`{ "message": … }` or `{ "error": … }`), at most 200 characters. */
function refusalMessage(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message = typeof parsed.message === 'string' ? parsed.message : typeof parsed.error === 'string' ? parsed.error : undefined;
    return message?.slice(0, 200);
  } catch {
    return undefined;
  }
}
