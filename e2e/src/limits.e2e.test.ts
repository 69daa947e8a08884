import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readGatewayConfig, startGateway, type RunningGateway } from '@sw/gateway';
import { createLogger, DEV_IDENTITY_SIGNING_KEYS, usccCheckCharacter } from '@sw/kernel';
import { getIntrospectionQuery } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ADMIN_KEY, asAdmin, startStack, SUPERGRAPH, type GraphQLResponse, type Stack } from './stack';

/**
 * The gateway's limits against hostile requests: each refusal with its code (and HTTP
 * status), and a normal query still served under every configuration tried here.
 */

/** A normal read (it needs a verified caller), and what an anonymous caller may always ask. */
const NORMAL = '{ enterprises(first: 5) { totalCount edges { node { uscc name filing { status } } } } }';
const ANONYMOUS = '{ __typename }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let stack: Stack;
const gateways: RunningGateway[] = [];
let dir: string;

/** Another gateway over the stack's subgraphs (whichever it started), with its own environment. */
async function gatewayWith(env: NodeJS.ProcessEnv): Promise<string> {
  const subgraphUrls = Object.fromEntries(stack.gateway.subgraphs.map((subgraph) => [`SUBGRAPH_URL_${subgraph.name.toUpperCase()}`, subgraph.url]));
  const gateway = await startGateway(readGatewayConfig({
    PORT: '0',
    SUPERGRAPH_PATH: SUPERGRAPH,
    ...subgraphUrls,
    ADMIN_API_KEY: ADMIN_KEY,
    DATABASE_URL: stack.database.url,
    ...env,
  }), createLogger('e2e-limits', 'silent'));
  gateways.push(gateway);
  return gateway.url;
}

interface Answer extends GraphQLResponse {
  status: number;
  headers: Headers;
}

/** POSTs a body (an object is sent as JSON) and keeps the status and headers. */
async function send(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let json: GraphQLResponse;
  try {
    json = JSON.parse(text) as GraphQLResponse;
  } catch {
    assert.fail(`expected a JSON answer, got ${response.status} ${response.headers.get('content-type')}: ${text.slice(0, 200)}`);
  }
  return { status: response.status, headers: response.headers, ...json };
}

const query = (url: string, text: string, headers: Record<string, string> = {}, variables: Record<string, unknown> = {}) =>
  send(url, { query: text, variables }, headers);

function assertServed(answer: Answer): void {
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
  assert.equal(answer.status, 200);
  assert.ok(answer.data?.__typename === 'Query' || typeof answer.data?.enterprises.totalCount === 'number', JSON.stringify(answer.data));
}

function assertRefused(answer: Answer, status: number, code: string): NonNullable<GraphQLResponse['errors']>[number] {
  assert.equal(answer.errors?.[0]?.extensions?.code, code, JSON.stringify(answer.errors));
  assert.equal(answer.status, status, JSON.stringify(answer.errors));
  assert.equal(answer.data ?? undefined, undefined);
  return answer.errors![0]!;
}

let defaults: string;
let production: string;
let partnersOnly: string;
let rateLimited: string;
let trusted: string;
let trustedAllow: string;
let smallBodies: string;
const TRUSTED_TEXT = '{ enterprises(first: 2) { totalCount edges { node { uscc name filing { status } } } } }';

before(async () => {
  stack = await startStack();
  defaults = stack.gateway.url;
  dir = mkdtempSync(join(tmpdir(), 'sw-trusted-'));
  const manifest = join(dir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify({ [sha256(TRUSTED_TEXT)]: TRUSTED_TEXT }));
  [production, partnersOnly, rateLimited, trusted, trustedAllow, smallBodies] = await Promise.all([
    // Production needs its own signing keys; the registry (not in production) verifies with the development ones.
    gatewayWith({ NODE_ENV: 'production', HOST: '127.0.0.1', IDENTITY_SIGNING_KEYS: DEV_IDENTITY_SIGNING_KEYS }),
    gatewayWith({ INTROSPECTION_ROLES: 'PARTNER' }),
    gatewayWith({ RATE_LIMIT_POINTS: '3', RATE_LIMIT_ANONYMOUS_POINTS: '2', RATE_LIMIT_WINDOW_SECONDS: '60' }),
    gatewayWith({ TRUSTED_DOCUMENTS: 'require', TRUSTED_DOCUMENTS_PATH: manifest }),
    gatewayWith({ TRUSTED_DOCUMENTS: 'allow', TRUSTED_DOCUMENTS_PATH: manifest }),
    gatewayWith({ BODY_LIMIT: '4kb', BULK_BODY_LIMIT: '64kb', BULK_OPERATIONS: 'fileEnterprise' }),
  ]);
});

after(async () => {
  for (const gateway of gateways) await gateway.stop();
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('hostile requests are refused with their code, with the default limits', () => {
  const ofType = (levels: number): string => (levels === 0 ? 'name' : `ofType { ${ofType(levels - 1)} }`);
  const table: { name: string; body: () => unknown; status: number; code: string; limit?: string; headers?: Record<string, string> }[] = [
    {
      name: 'a depth bomb (16 levels, limit 12)',
      body: () => ({ query: `{ __type(name: "Enterprise") { fields { type { ${ofType(12)} } } } }` }),
      status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'depth',
    },
    {
      name: 'an alias bomb (50 aliases, limit 15)',
      body: () => ({ query: `{ ${Array.from({ length: 50 }, (_, i) => `a${i}: enterprises(first: 1) { totalCount }`).join(' ')} }` }),
      status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'aliases',
    },
    {
      name: 'a token bomb (2,502 tokens, limit 2,000)',
      body: () => ({ query: `{ ${'__typename '.repeat(2500)}}` }),
      status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'tokens',
    },
    {
      name: 'a token bomb that is not even valid GraphQL is refused before it is parsed',
      body: () => ({ query: `{ ${'enterprises( '.repeat(3000)}` }),
      status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'tokens',
    },
    {
      name: 'a directive bomb (60 directives, limit 50)',
      body: () => ({ query: `{ ${'__typename @include(if: true) '.repeat(60)}}` }),
      status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'directives',
    },
    {
      name: 'a cost bomb: a list with a huge first',
      body: () => ({ query: '{ enterprises(first: 100000) { edges { node { uscc filing { qualifications { agency status } } } } } }' }),
      status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'cost',
    },
    {
      name: 'a cost bomb with first in a variable',
      body: () => ({ query: 'query($n: Int) { enterprises(first: $n) { edges { node { filing { qualifications { agency } } } } } }', variables: { n: 50_000 } }),
      status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'cost',
    },
    {
      name: 'a cost bomb of nested lists under aliases (each within the page size)',
      body: () => ({ query: `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: enterprises(first: 100) { edges { node { filing { qualifications { agency } } } } }`).join(' ')} }` }),
      status: 400, code: 'QUERY_TOO_COMPLEX', limit: 'cost',
    },
    {
      name: 'an oversized body (1.2 MB, limit 1 MB)',
      body: () => ({ query: NORMAL, variables: { pad: 'x'.repeat(1_200_000) } }),
      status: 413, code: 'BAD_USER_INPUT',
    },
    {
      name: 'a body that is not JSON',
      body: () => '{"query": "{ __typename }"',
      status: 400, code: 'BAD_USER_INPUT',
    },
  ];

  for (const row of table) {
    test(row.name, async () => {
      const error = assertRefused(await send(defaults, row.body(), row.headers), row.status, row.code);
      if (row.limit) {
        assert.equal(error.extensions?.limit, row.limit);
        assert.equal(typeof error.extensions?.max, 'number');
        assert.match(error.message, new RegExp(`limit of ${error.extensions?.max}`), 'the message names the limit and its value');
      }
      if (row.status === 413) assert.equal(error.extensions?.field, 'body');
    });
  }

  test('a normal query still passes, anonymously and as a regulator', async () => {
    assertServed(await query(defaults, ANONYMOUS));
    assertServed(await query(defaults, NORMAL, asAdmin));
  });

  test('a refusal speaks Chinese to a caller that asks for it', async () => {
    const answer = await send(defaults, { query: `{ ${'__typename '.repeat(2500)}}` }, { 'accept-language': 'zh-CN' });
    assert.match(assertRefused(answer, 400, 'QUERY_TOO_COMPLEX').message, /上限 2000/);
  });

  test('the limits apply over graphql-ws too', async () => {
    const ws = createClient({ url: defaults.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    try {
      const iterator = ws.iterate({ query: '{ enterprises(first: 100000) { edges { node { uscc filing { qualifications { agency } } } } } }' });
      const first = (await iterator.next()).value as GraphQLResponse;
      await iterator.return?.();
      assert.equal(first.errors?.[0]?.extensions?.code, 'QUERY_TOO_COMPLEX');
    } finally {
      await ws.dispose();
    }
  });
});

describe('introspection and field suggestions', () => {
  const INTROSPECT = '{ __schema { queryType { name } } }';

  test('in development anyone may introspect, and suggestions help', async () => {
    const answer = await query(defaults, INTROSPECT);
    assert.equal(answer.errors, undefined);
    assert.equal(answer.data?.__schema.queryType.name, 'Query');
    const typo = await query(defaults, '{ enterprises { totlCount } }');
    assert.match(typo.errors?.[0]?.message ?? '', /Did you mean "totalCount"\?/);
  });

  test('in production an anonymous caller may not introspect, a regulator may, and a normal query passes', async () => {
    assertServed(await query(production, NORMAL, asAdmin));
    assertServed(await query(production, ANONYMOUS));
    const anonymous = assertRefused(await query(production, INTROSPECT), 403, 'FORBIDDEN');
    assert.match(anonymous.message, /introspection/);
    assertRefused(await query(production, '{ __type(name: "Enterprise") { name } }'), 403, 'FORBIDDEN');
    const regulator = await query(production, INTROSPECT, asAdmin);
    assert.equal(regulator.errors, undefined);
    assert.equal(regulator.data?.__schema.queryType.name, 'Query');
  });

  test('the full introspection query that Sandbox sends stays within the depth, token and cost limits', async () => {
    const full = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true });
    for (const [url, headers] of [[defaults, {}], [production, asAdmin]] as const) {
      const answer = await query(url, full, headers);
      assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
      assert.ok(answer.data?.__schema.types.length > 10);
    }
  });

  test('INTROSPECTION_ROLES=PARTNER refuses a regulator and an anonymous caller', async () => {
    assertServed(await query(partnersOnly, NORMAL, asAdmin));
    assertRefused(await query(partnersOnly, INTROSPECT, asAdmin), 403, 'FORBIDDEN');
    assertRefused(await query(partnersOnly, `query { ...F } fragment F on Query { __schema { types { name } } }`), 403, 'FORBIDDEN');
  });

  test('in production validation messages carry no suggestions', async () => {
    const field = await query(production, '{ enterprises { totlCount } }');
    assert.equal(field.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.match(field.errors?.[0]?.message ?? '', /Cannot query field "totlCount"/);
    const enumValue = await query(production, '{ enterprises(filter: { statuses: [ACTIV] }) { totalCount } }');
    assert.match(enumValue.errors?.[0]?.message ?? '', /ACTIV/);
    const argument = await query(production, '{ enterprises(frist: 1) { totalCount } }');
    assert.match(argument.errors?.[0]?.message ?? '', /frist/);
    for (const answer of [field, enumValue, argument]) {
      assert.ok(answer.errors?.length);
      for (const error of answer.errors!) assert.doesNotMatch(error.message, /Did you mean/);
    }
  });
});

describe('rate limits per caller', () => {
  test('an anonymous client over its limit gets 429, Retry-After and RATE_LIMITED; a verified caller has its own budget', async () => {
    assertServed(await query(rateLimited, ANONYMOUS));
    let limited: Answer | undefined;
    for (let attempt = 0; attempt < 10 && !limited; attempt++) {
      const answer = await query(rateLimited, ANONYMOUS);
      if (answer.status === 429) limited = answer;
      else assertServed(answer);
    }
    assert.ok(limited, 'no 429 within 10 requests with RATE_LIMIT_ANONYMOUS_POINTS=2');
    const error = assertRefused(limited, 429, 'RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal(error.extensions?.retryAfter, retryAfter);
    assert.match(error.message, /retry after/);
    // Even a request that would not parse is counted and answered 429, not parsed.
    assertRefused(await query(rateLimited, '{ not graphql'), 429, 'RATE_LIMITED');

    assertServed(await query(rateLimited, NORMAL, asAdmin));
  });

  test('graphql-ws operations count against the same caller', async () => {
    let limited: Answer | undefined;
    for (let attempt = 0; attempt < 10 && !limited; attempt++) {
      const answer = await query(rateLimited, NORMAL, asAdmin);
      if (answer.status === 429) limited = answer;
    }
    assert.ok(limited, 'no 429 within 10 requests with RATE_LIMIT_POINTS=3');
    const ws = createClient({
      url: rateLimited.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${ADMIN_KEY}` },
      retryAttempts: 0,
      lazy: true,
    });
    try {
      const iterator = ws.iterate({ query: NORMAL });
      const first = (await iterator.next()).value as GraphQLResponse;
      await iterator.return?.();
      assert.equal(first.errors?.[0]?.extensions?.code, 'RATE_LIMITED');
      assert.equal(typeof first.errors?.[0]?.extensions?.retryAfter, 'number');
    } finally {
      await ws.dispose();
    }
  });

  test('with REDIS_URL two gateways share one budget', async (t) => {
    if (!(await reachable(6379))) {
      t.skip('no Redis on 127.0.0.1:6379');
      return;
    }
    const env = {
      REDIS_URL: 'redis://127.0.0.1:6379',
      RATE_LIMIT_KEY_PREFIX: `sw-e2e-${randomUUID()}`,
      RATE_LIMIT_ANONYMOUS_POINTS: '2',
      RATE_LIMIT_WINDOW_SECONDS: '30',
    };
    const [first, second] = await Promise.all([gatewayWith(env), gatewayWith(env)]);
    assertServed(await query(first, ANONYMOUS));
    assertServed(await query(second, ANONYMOUS));
    const limited = assertRefused(await query(first, ANONYMOUS), 429, 'RATE_LIMITED');
    assert.ok(limited.extensions?.retryAfter >= 1);
    assertRefused(await query(second, ANONYMOUS), 429, 'RATE_LIMITED');
  });
});

describe('trusted documents and automatic persisted queries', () => {
  const byHash = (hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

  test('require mode runs a listed document, by hash or in full, and refuses anything else with FORBIDDEN', async () => {
    assertServed(await send(trusted, byHash(sha256(TRUSTED_TEXT)), asAdmin));
    assertServed(await send(trusted, { query: TRUSTED_TEXT }, asAdmin));
    const other = assertRefused(await query(trusted, NORMAL, asAdmin), 403, 'FORBIDDEN');
    assert.match(other.message, /trusted documents/);
    assert.match(other.message, new RegExp(sha256(NORMAL)));
    assertRefused(await send(trusted, byHash(sha256(NORMAL)), asAdmin), 403, 'FORBIDDEN');
    assertRefused(await send(trusted, { query: NORMAL, ...byHash(sha256(NORMAL)) }, asAdmin), 403, 'FORBIDDEN');
    assertRefused(await send(trusted, { query: ANONYMOUS }), 403, 'FORBIDDEN');
  });

  test('allow mode serves a listed document by hash and still runs anything else', async () => {
    assertServed(await send(trustedAllow, byHash(sha256(TRUSTED_TEXT)), asAdmin));
    assertServed(await query(trustedAllow, NORMAL, asAdmin));
  });

  test('APQ: unknown hash, then registration with the text, then the hash alone', async () => {
    const text = `{ enterprises(first: 3) { totalCount edges { node { uscc } } } } # ${randomUUID()}`;
    const hash = sha256(text);
    const unknown = await send(defaults, byHash(hash), asAdmin);
    assert.equal(unknown.errors?.[0]?.extensions?.code, 'PERSISTED_QUERY_NOT_FOUND');
    assertServed(await send(defaults, { query: text, ...byHash(hash) }, asAdmin));
    assertServed(await send(defaults, byHash(hash), asAdmin));
  });
});

describe('request size, larger for bulk operations', () => {
  const uscc = (body: string) => body + usccCheckCharacter(body);
  const FILE = 'mutation($input: FileEnterpriseInput!) { fileEnterprise(input: $input) { uscc } }';
  const filing = (code: string, pad: number) => ({
    query: FILE,
    variables: { input: { uscc: uscc(code), name: '郑州限额测试有限公司', region: 'ZHENGZHOU', roles: ['LOGISTICS'] }, pad: 'x'.repeat(pad) },
  });

  test('a normal query within BODY_LIMIT passes', async () => {
    assertServed(await query(smallBodies, NORMAL, asAdmin));
    assertServed(await query(smallBodies, ANONYMOUS));
  });

  test('a body over BODY_LIMIT is 413 unless it is a bulk operation by a verified caller', async () => {
    const big = { query: NORMAL, variables: { pad: 'x'.repeat(8_000) } };
    const anonymous = assertRefused(await send(smallBodies, big), 413, 'BAD_USER_INPUT');
    assert.equal(anonymous.extensions?.field, 'body');
    assert.match(anonymous.message, /limit of 4KB/);
    assertRefused(await send(smallBodies, big, asAdmin), 413, 'BAD_USER_INPUT');
    assertRefused(await send(smallBodies, filing('91410100MA45LMT01', 8_000)), 413, 'BAD_USER_INPUT');

    const bulk = await send(smallBodies, filing('91410100MA45LMT02', 8_000), asAdmin);
    assert.equal(bulk.errors, undefined, JSON.stringify(bulk.errors));
    assert.equal(bulk.data?.fileEnterprise.uscc, uscc('91410100MA45LMT02'));

    const tooBig = assertRefused(await send(smallBodies, filing('91410100MA45LMT03', 100_000), asAdmin), 413, 'BAD_USER_INPUT');
    assert.match(tooBig.message, /limit of 64KB/);
  });
});

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 500 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
