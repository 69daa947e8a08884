import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from '../context';
import { BatchingDataSource } from './batching';

const QUERY = 'query($representations:[_Any!]!){_entities(representations:$representations){...on Shop{name}}}';
const admin: GatewayContext = { requestId: 'r1', lang: 'en', identity: { subject: 'admin', role: 'REGULATOR', scopes: [] } };
const enterprise: GatewayContext = { requestId: 'r2', lang: 'en', identity: { subject: 'key:1', role: 'ENTERPRISE', uscc: '91350100M000100Y43', scopes: [] } };

/** A subgraph that names each shop, fails on shop `bad` with an error at its index, and records its requests. */
function subgraph() {
  const requests: { ids: string[]; caller?: string }[] = [];
  const source: GraphQLDataSource<GatewayContext> = {
    async process(options) {
      const representations = options.request.variables!.representations as { id: string }[];
      requests.push({ ids: representations.map((each) => each.id), caller: (options as { context: GatewayContext }).context?.identity?.subject });
      const errors = representations.flatMap((each, index) => (each.id === 'bad' ? [{ message: 'no such shop', path: ['_entities', index, 'name'] }] : []));
      return {
        data: { _entities: representations.map((each) => (each.id === 'bad' ? null : { name: `Shop ${each.id}` })) },
        ...(errors.length ? { errors } : {}),
      };
    },
  };
  return { source, requests };
}

function fetch(source: GraphQLDataSource<GatewayContext>, ids: string[], context = admin) {
  const options = {
    kind: 'incoming operation',
    request: { query: QUERY, variables: { representations: ids.map((id) => ({ __typename: 'Shop', id })) } },
    incomingRequestContext: { context },
    context,
  } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;
  return source.process(options);
}

test('entity fetches for the same caller at the same moment share one request, each getting its own entities', async () => {
  const { source, requests } = subgraph();
  const batching = new BatchingDataSource(source);
  const [a, b, c] = await Promise.all([fetch(batching, ['s1']), fetch(batching, ['s2', 's3']), fetch(batching, ['s4'])]);
  assert.deepEqual(requests.map((request) => request.ids), [['s1', 's2', 's3', 's4']]);
  assert.deepEqual(a.data, { _entities: [{ name: 'Shop s1' }] });
  assert.deepEqual(b.data, { _entities: [{ name: 'Shop s2' }, { name: 'Shop s3' }] });
  assert.deepEqual(c.data, { _entities: [{ name: 'Shop s4' }] });
});

test('an error at one entity reaches only the fetch it belongs to, at its own index', async () => {
  const { source } = subgraph();
  const batching = new BatchingDataSource(source);
  const [a, b] = await Promise.all([fetch(batching, ['s1', 's2']), fetch(batching, ['s3', 'bad'])]);
  assert.equal(a.errors, undefined);
  assert.deepEqual(b.errors, [{ message: 'no such shop', path: ['_entities', 1, 'name'] }]);
  assert.deepEqual(b.data, { _entities: [{ name: 'Shop s3' }, null] });
});

test('fetches for different callers are never merged, and later moments get requests of their own', async () => {
  const { source, requests } = subgraph();
  const batching = new BatchingDataSource(source);
  await Promise.all([fetch(batching, ['s1']), fetch(batching, ['s2'], enterprise)]);
  await fetch(batching, ['s3']);
  assert.deepEqual(requests.map((request) => [request.caller, request.ids]), [['admin', ['s1']], ['key:1', ['s2']], ['admin', ['s3']]]);
});

test('a failed request fails every fetch that shared it', async () => {
  const batching = new BatchingDataSource({ process: async () => { throw new Error('connection refused'); } });
  const results = await Promise.allSettled([fetch(batching, ['s1']), fetch(batching, ['s2'])]);
  assert.deepEqual(results.map((result) => result.status), ['rejected', 'rejected']);
});
