import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { serveChild } from '../child';
import { SUBGRAPH_NAMES, subgraphSchema, type SubgraphName } from './schema';

/**
 * Workload A's four subgraphs in one process, each on its own fixed loopback port
 * (BENCH_SUBGRAPH_PORT + 0..3), served by plain @apollo/server over node:http.
 *
 * With BENCH_SUBGRAPH_CACHE=1 (the default) a request body answered before is answered again
 * from memory, so the subgraphs stay cheap and the gateway is the bottleneck; the body still
 * has to be received and looked up, so a gateway that sends more (e.g. duplicate entity
 * representations) still costs the subgraphs more.
 */
interface Cached { status: number; headers: [string, string][]; body: string }

const MAX_CACHED = 20_000;

async function start() {
  const base = Number(process.env.BENCH_SUBGRAPH_PORT ?? 4201);
  const useCache = (process.env.BENCH_SUBGRAPH_CACHE ?? '1') !== '0';
  const servers: { name: SubgraphName; http: Server; apollo: ApolloServer }[] = [];
  for (const [index, name] of SUBGRAPH_NAMES.entries()) {
    const apollo = new ApolloServer({ schema: subgraphSchema(name), plugins: [ApolloServerPluginInlineTraceDisabled()] });
    await apollo.start();
    const cache = new Map<string, Cached>();
    const http = createServer((req, res) => {
      handle(apollo, cache, useCache, req, res).catch((error: Error) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ errors: [{ message: error.message }] }));
      });
    });
    http.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(base + index, '127.0.0.1', () => resolve());
    });
    servers.push({ name, http, apollo });
  }
  return {
    ready: Object.fromEntries(servers.map(({ name }, index) => [name, `http://127.0.0.1:${base + index}/graphql`])),
    async stop() {
      for (const { http, apollo } of servers) {
        http.closeAllConnections();
        http.close();
        await apollo.stop();
      }
    },
  };
}

async function handle(apollo: ApolloServer, cache: Map<string, Cached>, useCache: boolean, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  let answer = useCache ? cache.get(raw) : undefined;
  if (!answer) {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(key, value);
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'POST', headers, search: '', body: raw ? JSON.parse(raw) : undefined },
      context: async () => ({}),
    });
    let body = '';
    if (result.body.kind === 'complete') body = result.body.string;
    else for await (const chunk of result.body.asyncIterator) body += chunk;
    answer = { status: result.status ?? 200, headers: [...result.headers], body };
    if (useCache && answer.status === 200 && !body.includes('"errors"')) {
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
      cache.set(raw, answer);
    }
  }
  res.statusCode = answer.status;
  for (const [key, value] of answer.headers) res.setHeader(key, value);
  res.end(answer.body);
}

serveChild(start);
