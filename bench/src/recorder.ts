import { createServer, request, type Server } from 'node:http';
import type { RecordedFetch } from './plan';

const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'upgrade', 'proxy-connection']);

/**
 * A pass-through HTTP proxy in front of each subgraph that records what a gateway sends:
 * used once per gateway (never while measuring) to see its subgraph calls for one request.
 * While recording it holds every answer back for DELAY_MS, so that calls a gateway makes
 * together (one stage of its plan) and calls that wait for others are told apart by their
 * start times however busy the machine is.
 */
const DELAY_MS = 150;

export class Recorder {
  private servers: Server[] = [];
  /** Proxy URL per subgraph name. */
  readonly urls: Record<string, string> = {};
  fetches: RecordedFetch[] = [];
  recording = false;

  static async start(targets: Record<string, string>): Promise<Recorder> {
    const recorder = new Recorder();
    for (const [name, target] of Object.entries(targets)) {
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          const start = performance.now();
          const headers: Record<string, string> = {};
          for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string' && !HOP_BY_HOP.has(key)) headers[key] = value;
          const upstream = request(target, { method: req.method, headers: { ...headers, 'content-length': body.length } }, (answer) => {
            const parts: Buffer[] = [];
            answer.on('data', (chunk: Buffer) => parts.push(chunk));
            answer.on('end', () => {
              const response = Buffer.concat(parts);
              const reply = () => {
                res.writeHead(answer.statusCode ?? 502, Object.fromEntries(Object.entries(answer.headers).filter(([key]) => !HOP_BY_HOP.has(key))) as Record<string, string>);
                res.end(response);
              };
              if (!recorder.recording) return reply();
              setTimeout(() => {
                recorder.fetches.push({ subgraph: name, url: target, body: body.toString('utf8'), headers, response: response.toString('utf8'), start, end: performance.now() });
                reply();
              }, DELAY_MS);
            });
          });
          upstream.on('error', (error) => {
            res.statusCode = 502;
            res.end(JSON.stringify({ errors: [{ message: error.message }] }));
          });
          upstream.end(body);
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      const address = server.address();
      recorder.urls[name] = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;
      recorder.servers.push(server);
    }
    return recorder;
  }

  /** Records the subgraph calls `action` causes. */
  async record<T>(action: () => Promise<T>): Promise<{ result: T; fetches: RecordedFetch[] }> {
    this.fetches = [];
    this.recording = true;
    try {
      const result = await action();
      return { result, fetches: this.fetches };
    } finally {
      this.recording = false;
    }
  }

  async stop(): Promise<void> {
    for (const server of this.servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}
