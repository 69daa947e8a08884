import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { serveChild } from '../child';
import { leanFetch } from './lean-fetch';

/**
 * Stock @apollo/gateway + @apollo/server standalone, default settings, over the supergraph file.
 * Experiments: with BENCH_FETCHER=undici (`apollo-undici`) its data sources call subgraphs with
 * Node's own fetch (undici, keep-alive) instead of the default make-fetch-happen; with
 * BENCH_FETCHER=http (`apollo-http`) with a bare keep-alive node:http client.
 */
serveChild(async () => {
  const fetcher = process.env.BENCH_FETCHER === 'undici' ? fetch : process.env.BENCH_FETCHER === 'http' ? leanFetch : undefined;
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(process.env.SUPERGRAPH_PATH!, 'utf8'),
    ...(fetcher ? { buildService: ({ url }) => new RemoteGraphQLDataSource({ url, fetcher: fetcher as never }) } : {}),
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { ready: { url: new URL('/graphql', url).toString() }, stop: () => server.stop() };
});
