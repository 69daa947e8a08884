import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { serveChild } from '../child';

/**
 * Stock @apollo/gateway + @apollo/server standalone, default settings, over the supergraph file.
 * With BENCH_FETCHER=undici (the `apollo-undici` experiment) its data sources call subgraphs
 * with Node's own fetch (undici, keep-alive) instead of the default make-fetch-happen.
 */
serveChild(async () => {
  const undici = process.env.BENCH_FETCHER === 'undici';
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(process.env.SUPERGRAPH_PATH!, 'utf8'),
    ...(undici ? { buildService: ({ url }) => new RemoteGraphQLDataSource({ url, fetcher: fetch as never }) } : {}),
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { ready: { url: new URL('/graphql', url).toString() }, stop: () => server.stop() };
});
