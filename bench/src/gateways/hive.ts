import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { serveChild } from '../child';

/** Hive Gateway (@graphql-hive/gateway) runtime with default settings over the supergraph file, on node:http. */
serveChild(async () => {
  const gateway = createGatewayRuntime({ supergraph: process.env.SUPERGRAPH_PATH! });
  const http = createServer(gateway);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    ready: { url: `http://127.0.0.1:${port}/graphql` },
    async stop() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await gateway.dispose();
    },
  };
});
