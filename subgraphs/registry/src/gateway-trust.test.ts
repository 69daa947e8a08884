import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestRegistry, type TestRegistry } from './testing/registry-harness';

let strict: TestRegistry;
let relaxed: TestRegistry;
before(async () => {
  strict = await startTestRegistry();
  relaxed = await startTestRegistry({ ALLOW_DIRECT_SUBGRAPH_CALLS: 'true' });
});
after(async () => {
  await strict?.stop();
  await relaxed?.stop();
});

async function direct(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ enterprises(first: 1) { totalCount } }' }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] } };
}

test('a call that did not come through the gateway is refused with UNAUTHENTICATED', async () => {
  const unsigned = await direct(strict.url);
  assert.equal(unsigned.status, 401);
  assert.equal(unsigned.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
  const forged = await direct(strict.url, { 'x-sw-identity': 'eyJjYWxsZXIiOm51bGx9.dev1.forged' });
  assert.equal(forged.status, 401);
});

test('with the development flag a direct call runs as an anonymous caller', async () => {
  const response = await direct(relaxed.url);
  assert.equal(response.status, 200);
  assert.deepEqual(response.body.data, { enterprises: { totalCount: 0 } });
});
