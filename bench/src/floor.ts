import { readFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { IDENTITY_HEADER, IdentitySigner, DEV_IDENTITY_SIGNING_KEYS } from '@sw/kernel';
import { serveChild } from './child';
import type { ReplayPlan } from './plan';

/**
 * The floor: what any gateway must at least spend. For each client request it makes the
 * subgraph calls a gateway's query plan made (recorded once, replayed byte for byte, stage by
 * stage, calls of a stage in parallel, over keep-alive connections) and answers with the bytes
 * of the recorded answer. No parsing, validation, planning, authorisation or merging: the
 * difference between a gateway and the floor is the gateway's own work.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 512 });

function call(url: URL, body: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`subgraph answered ${res.statusCode}: ${text.slice(0, 200)}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

serveChild(async () => {
  const plan = JSON.parse(readFileSync(process.env.FLOOR_PLAN!, 'utf8')) as ReplayPlan;
  const signer = plan.signCaller !== undefined ? new IdentitySigner(process.env.IDENTITY_SIGNING_KEYS ?? DEV_IDENTITY_SIGNING_KEYS) : undefined;
  const stages = plan.stages.map((stage) => stage.map((fetch) => ({ ...fetch, target: new URL(fetch.url) })));
  const http = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', async () => {
      try {
        let value: string | undefined;
        if (plan.template) value = String((JSON.parse(raw) as { variables?: Record<string, unknown> }).variables?.[plan.template.variable] ?? '');
        const fill = (text: string) => (plan.template && value ? text.split(plan.template.recorded).join(value) : text);
        for (const stage of stages) {
          await Promise.all(stage.map((fetch) => {
            const headers = { ...fetch.headers };
            if (signer) headers[IDENTITY_HEADER] = signer.sign(plan.signCaller as never);
            return call(fetch.target, fill(fetch.body), headers);
          }));
        }
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(fill(plan.response));
      } catch (error) {
        res.statusCode = 502;
        res.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
      }
    });
  });
  http.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    ready: { url: `http://127.0.0.1:${port}/graphql` },
    async stop() {
      http.closeAllConnections();
      http.close();
      agent.destroy();
    },
  };
});
