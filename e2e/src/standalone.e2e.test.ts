import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { readGatewayConfig, startGateway, type RunningGateway } from '@sw/gateway';
import { createLogger, DEV_IDENTITY_SIGNING_KEYS, IdentitySigner, serveSubgraph, type RunningServer } from '@sw/kernel';
import { parse } from 'graphql';
import { post } from './stack';

let subgraph: RunningServer;
let gateway: RunningGateway;
let dir: string;

before(async () => {
  const silent = createLogger('standalone', 'silent');
  const typeDefs = parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
    type Query { greeting(name: String!): String! }`);
  subgraph = await serveSubgraph({
    name: 'greetings',
    port: 0,
    logger: silent,
    trust: { signer: new IdentitySigner(DEV_IDENTITY_SIGNING_KEYS), allowDirectCalls: false },
    schema: buildSubgraphSchema({ typeDefs, resolvers: { Query: { greeting: (_: unknown, { name }: { name: string }) => `hello ${name}` } } }),
  });
  const composed = composeServices([{ name: 'greetings', url: subgraph.url, typeDefs }]);
  assert.equal(composed.errors, undefined);
  dir = mkdtempSync(join(tmpdir(), 'sw-supergraph-'));
  writeFileSync(join(dir, 'supergraph.graphql'), composed.supergraphSdl!);
  // No DATABASE_URL and no URL overrides: everything comes from the supergraph file.
  gateway = await startGateway(readGatewayConfig({ PORT: '0', SUPERGRAPH_PATH: join(dir, 'supergraph.graphql') }), silent);
});

after(async () => {
  await gateway?.stop();
  await subgraph?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the gateway serves any supergraph file, taking subgraph URLs from it', async () => {
  const base = gateway.url.replace('/graphql', '');
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  const response = await post(gateway.url, '{ greeting(name: "Zhengzhou") }');
  assert.deepEqual(response.data, { greeting: 'hello Zhengzhou' });
  const ready = (await (await fetch(`${base}/readyz`)).json()) as { checks: { name: string }[] };
  assert.deepEqual(ready.checks.map((check) => check.name), ['greetings']);
});
