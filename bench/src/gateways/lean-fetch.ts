import { Agent, request } from 'node:http';

/**
 * The least a gateway's subgraph client can do: a fetch-shaped function over node:http with
 * keep-alive connections and nothing else (no HTTP cache, no proxy detection, no WHATWG
 * streams). Used by the `apollo-http` experiment to show what the stock client costs.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

interface Init { method?: string; headers?: Record<string, string>; body?: string }

export function leanFetch(url: string, init: Init = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const body = init.body ?? '';
    const req = request(url, { method: init.method ?? 'POST', agent, headers: { ...init.headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        resolve({
          ok: status >= 200 && status < 300,
          status,
          statusText: res.statusMessage ?? '',
          url,
          headers: { get: (name: string) => { const value = res.headers[name.toLowerCase()]; return value === undefined ? null : String(value); } },
          text: async () => text,
          json: async () => JSON.parse(text),
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
