import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { post, startStack, type Stack } from './stack';

let stack: Stack;
before(async () => {
  stack = await startStack({ INTROSPECTION: 'false' });
});
after(async () => {
  await stack?.stop();
});

test('introspection can be switched off', async () => {
  const response = await post(stack.gateway.url, '{ __schema { queryType { name } } }');
  assert.ok(response.errors?.length, 'introspection should be refused');
});

test('readyz fails while a subgraph is down, healthz stays up', async () => {
  const base = stack.gateway.url.replace('/graphql', '');
  assert.equal((await fetch(`${base}/readyz`)).status, 200);
  await stack.registry.stop();
  const ready = await fetch(`${base}/readyz`);
  assert.equal(ready.status, 503);
  const body = (await ready.json()) as { checks: { name: string; ok: boolean }[] };
  assert.equal(body.checks.find((check) => check.name === 'registry')?.ok, false);
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  stack.registry.stop = async () => {};
});
