import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { readGatewayConfig, startGateway, type RunningGateway } from '@sw/gateway';
import { createLogger, usccCheckCharacter } from '@sw/kernel';
import { ADMIN_KEY, asAdmin, post, startStack, SUPERGRAPH, type GraphQLResponse, type Stack } from './stack';

const OWN = '91410100MA44KEY01' + usccCheckCharacter('91410100MA44KEY01');
const OTHER = '91410100MA44KEY02' + usccCheckCharacter('91410100MA44KEY02');
const ISSUE = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { id key role uscc scopes expiresAt } }`;
const FILING = `query($u: ID!) { enterprise(uscc: $u) { name filing { status } } }`;

let stack: Stack;
let replica: RunningGateway;

before(async () => {
  stack = await startStack();
  // A second gateway replica over the same subgraphs and database, as in a scaled deployment.
  replica = await startGateway(readGatewayConfig({
    PORT: '0', SUPERGRAPH_PATH: SUPERGRAPH, ADMIN_API_KEY: ADMIN_KEY, DATABASE_URL: stack.database.url,
    SUBGRAPH_URL_REGISTRY: stack.registry.url, SUBGRAPH_URL_ACCESS: stack.access.url, API_KEY_CACHE_SECONDS: '600',
  }), createLogger('replica', 'silent'));
  for (const [uscc, code] of [[OWN, '4101960K01'], [OTHER, '4101960K02']]) {
    const filed = await post(stack.gateway.url, `mutation($i: FileEnterpriseInput!) { fileEnterprise(input: $i) { uscc } }`, {
      i: { uscc, name: `Key test ${code}`, customsCode: code, region: 'ZHENGZHOU', roles: ['ECOMMERCE_ENTERPRISE'] },
    }, asAdmin);
    assert.equal(filed.errors, undefined, JSON.stringify(filed.errors));
  }
});

after(async () => {
  await replica?.stop();
  await stack?.stop();
});

async function issue(input: Record<string, unknown>) {
  const response = await post(stack.gateway.url, ISSUE, { input }, asAdmin);
  assert.equal(response.errors, undefined, JSON.stringify(response.errors));
  return response.data!.issueApiKey as { id: string; key: string };
}

/** Polls a bounded number of times: events and audit reports travel asynchronously. */
async function eventually(check: () => Promise<boolean>, attempts = 40): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return true;
    await sleep(100);
  }
  return false;
}

const code = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;

test('an issued ENTERPRISE key reads its own filing, is refused another\'s, and is never shown again', async () => {
  const { id, key } = await issue({ label: 'erp integration', role: 'ENTERPRISE', uscc: OWN, scopes: ['declarations:write'] });
  const as = { authorization: `Bearer ${key}` };
  const own = await post(stack.gateway.url, FILING, { u: OWN }, as);
  assert.equal(own.data?.enterprise.filing.status, 'ACTIVE');
  assert.equal(code(await post(stack.gateway.url, FILING, { u: OTHER }, as)), 'FORBIDDEN');
  const listed = await post(stack.gateway.url, '{ apiKeys(first: 50) { edges { node { id role uscc } } } }', {}, asAdmin);
  assert.ok(listed.data?.apiKeys.edges.some((edge: { node: { id: string } }) => edge.node.id === id));
  assert.doesNotMatch(JSON.stringify(listed), new RegExp(key));
});

test('a revoked key is refused from the next request on, by this gateway and by a replica that had cached it', async () => {
  const { id, key } = await issue({ label: 'to revoke', role: 'ENTERPRISE', uscc: OWN });
  const as = { authorization: `Bearer ${key}` };
  assert.equal((await post(stack.gateway.url, FILING, { u: OWN }, as)).errors, undefined);
  assert.equal((await post(replica.url, FILING, { u: OWN }, as)).errors, undefined, 'the replica caches the key for 10 minutes');
  const revoked = await post(stack.gateway.url, 'mutation($id: ID!) { revokeApiKey(id: $id) }', { id }, asAdmin);
  assert.equal(revoked.data?.revokeApiKey, true);
  assert.equal(code(await post(stack.gateway.url, FILING, { u: OWN }, as)), 'UNAUTHENTICATED');
  assert.ok(await eventually(async () => code(await post(replica.url, FILING, { u: OWN }, as)) === 'UNAUTHENTICATED'),
    'the replica heard the revocation on the bus');
});

test('an expired key is refused', async () => {
  const { key } = await issue({ label: 'short-lived', role: 'PARTNER', uscc: OTHER, expiresAt: new Date(Date.now() + 1500).toISOString() });
  const as = { authorization: `Bearer ${key}` };
  assert.equal((await post(stack.gateway.url, '{ enterprises(first: 1) { totalCount } }', {}, as)).errors, undefined);
  await sleep(1700);
  assert.equal(code(await post(stack.gateway.url, '{ enterprises(first: 1) { totalCount } }', {}, as)), 'UNAUTHENTICATED');
});

test('a field needing a scope the key lacks is refused at the gateway, audit-logged, and the rest of the query runs', async () => {
  const { id, key } = await issue({ label: 'no scopes', role: 'ENTERPRISE', uscc: OWN });
  const response = await post(stack.gateway.url, '{ apiKeys(first: 1) { totalCount } enterprises(first: 1) { totalCount } }', {}, { authorization: `Bearer ${key}` });
  assert.equal(code(response), 'FORBIDDEN');
  assert.deepEqual(response.errors?.[0]?.path, ['apiKeys']);
  assert.equal(typeof response.data?.enterprises.totalCount, 'number');
  const logged = await eventually(async () => {
    const audit = await post(stack.gateway.url, `{ auditLog(first: 20, filter: { action: ACCESS_REFUSED, actor: "key:${id}" }) { edges { node { subject } } } }`, {}, asAdmin);
    return audit.data?.auditLog.edges.some((edge: { node: { subject: string } }) => edge.node.subject === 'Query.apiKeys') ?? false;
  });
  assert.ok(logged, 'the refusal reached the audit log');
});

test('issuing and revoking keys land in a tamper-evident audit log that verifies', async () => {
  const { id } = await issue({ label: 'audited', role: 'PARTNER', uscc: OTHER });
  await post(stack.gateway.url, 'mutation($id: ID!) { revokeApiKey(id: $id) }', { id }, asAdmin);
  const both = await eventually(async () => {
    const audit = await post(stack.gateway.url, `{ auditLog(first: 50) { edges { node { action subject } } } }`, {}, asAdmin);
    const actions = (audit.data?.auditLog.edges ?? []).filter((edge: { node: { subject: string } }) => edge.node.subject === id)
      .map((edge: { node: { action: string } }) => edge.node.action);
    return actions.includes('KEY_ISSUED') && actions.includes('KEY_REVOKED');
  });
  assert.ok(both);
  const chain = await post(stack.gateway.url, '{ verifyAuditChain { ok entries } }', {}, asAdmin);
  assert.equal(chain.data?.verifyAuditChain.ok, true);
});

test('the gateway\'s internal fields are not part of the public API', async () => {
  const response = await post(stack.gateway.url, '{ verifyApiKey(keyHash: "00") { id } }', {}, asAdmin);
  assert.match(response.errors?.[0]?.message ?? '', /Cannot query field "verifyApiKey"/);
});
