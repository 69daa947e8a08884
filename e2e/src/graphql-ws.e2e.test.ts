import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ADMIN_KEY, startStack, type Stack } from './stack';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

function client(authorization?: string): Client {
  return createClient({
    url: stack.gateway.url.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

async function once(ws: Client, query: string): Promise<{ data?: any; errors?: readonly { message: string; extensions?: any }[] }> {
  const iterator = ws.iterate({ query });
  try {
    const first = await iterator.next();
    return first.value as never;
  } finally {
    await iterator.return?.();
  }
}

test('graphql-ws on the gateway path runs a query through the federated pipeline', async () => {
  const ws = client(`Bearer ${ADMIN_KEY}`);
  try {
    const result = await once(ws, '{ enterprises(first: 1) { totalCount } }');
    assert.equal(result.errors, undefined);
    assert.equal(typeof result.data?.enterprises.totalCount, 'number');
  } finally {
    await ws.dispose();
  }
});

test('a mutation over graphql-ws without a key in connection_init is UNAUTHENTICATED', async () => {
  const ws = client();
  try {
    const result = await once(ws, 'mutation { revokeFiling(uscc: "91350100M000100Y43", reason: "x") { uscc } }');
    assert.equal(result.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
  } finally {
    await ws.dispose();
  }
});

test('a connection_init with a wrong key is refused', async () => {
  const ws = client('Bearer wrong-key');
  try {
    await assert.rejects(once(ws, '{ enterprises(first: 1) { totalCount } }'));
  } finally {
    await ws.dispose();
  }
});
