import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { identityFixture, saicKnows, saicRecordFor, sampleUscc, taxRatingFor } from '@sw/agencies/dist/simulators';
import { asAdmin, post, startStack, type Stack } from './stack';

const OWN = sampleUscc('e2e-agencies-own', saicKnows);
const OTHER = sampleUscc('e2e-agencies-other', saicKnows);
const LATER = sampleUscc('e2e-agencies-later', saicKnows);
const ONE_REQUEST = `query($u: ID!) { enterprise(uscc: $u) { name saic { status stale } tax { rating } } }`;

let stack: Stack;
let ownKey: Record<string, string>;
let otherKey: Record<string, string>;

before(async () => {
  stack = await startStack();
  for (const [uscc, code] of [[OWN, '4101960A01'], [OTHER, '4101960A02'], [LATER, '4101960A03']]) {
    const filed = await post(stack.gateway.url, `mutation($i: FileEnterpriseInput!) { fileEnterprise(input: $i) { uscc } }`, {
      i: { uscc, name: `Agencies ${code}`, customsCode: code, region: 'ZHENGZHOU', roles: ['ECOMMERCE_ENTERPRISE'] },
    }, asAdmin);
    assert.equal(filed.errors, undefined, JSON.stringify(filed.errors));
  }
  const issue = async (uscc: string) => {
    const issued = await post(stack.gateway.url, `mutation($i: IssueApiKeyInput!) { issueApiKey(input: $i) { key } }`,
      { i: { label: 'agencies e2e', role: 'ENTERPRISE', uscc, scopes: [] } }, asAdmin);
    return { authorization: `Bearer ${issued.data?.issueApiKey.key}` };
  };
  ownKey = await issue(OWN);
  otherKey = await issue(OTHER);
});

after(async () => {
  await stack?.stop();
});

test('name, SAIC status and tax rating come back in one request through the gateway', async () => {
  const response = await post(stack.gateway.url, ONE_REQUEST, { u: OWN }, ownKey);
  assert.equal(response.errors, undefined, JSON.stringify(response.errors));
  assert.deepEqual(response.data?.enterprise, {
    name: 'Agencies 4101960A01', saic: { status: saicRecordFor(OWN)!.status, stale: false }, tax: { rating: taxRatingFor(OWN).rating },
  });
});

test('another enterprise\'s key reads the SAIC record but not the tax profile (FORBIDDEN)', async () => {
  const response = await post(stack.gateway.url, ONE_REQUEST, { u: OWN }, otherKey);
  assert.equal(response.data?.enterprise.saic.status, saicRecordFor(OWN)!.status);
  assert.equal(response.data?.enterprise.tax, null);
  assert.deepEqual(response.errors?.map((error) => [error.extensions?.code, error.path?.join('.')]), [['FORBIDDEN', 'enterprise.tax']]);
});

test('verifyIdentity needs idcheck:use at the gateway; the admin\'s check lands in the audit log with the number masked', async () => {
  const { idNumber, name } = identityFixture('e2e-agencies');
  const VERIFY = `mutation($n: String!, $i: String!) { verifyIdentity(name: $n, idNumber: $i) { result reference } }`;
  const refused = await post(stack.gateway.url, VERIFY, { n: name, i: idNumber }, ownKey);
  assert.equal(refused.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  const checked = await post(stack.gateway.url, VERIFY, { n: name, i: idNumber }, asAdmin);
  assert.equal(checked.data?.verifyIdentity.result, 'MATCH', JSON.stringify(checked));
  let entry: Record<string, any> | undefined;
  for (let i = 0; i < 200 && !entry; i++) {
    const log = await post(stack.gateway.url, `{ auditLog(first: 20, filter: { action: IDENTITY_CHECKED }) { edges { node { actor subject detail } } } }`, {}, asAdmin);
    entry = log.data?.auditLog.edges.map((edge: { node: Record<string, any> }) => edge.node)
      .find((node: Record<string, any>) => node.detail.reference === checked.data?.verifyIdentity.reference);
    if (!entry) await sleep(50);
  }
  assert.ok(entry, 'the identity check is in the audit log');
  assert.equal(entry.detail.idNumber, `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
  assert.equal(entry.detail.result, 'MATCH');
  assert.ok(!JSON.stringify(entry).includes(idNumber));
});

test('with the SAIC simulator stopped, name and tax still come back; saic is served from cache or fails clearly', async () => {
  await stack.simulators.saic.stop();
  const cached = await post(stack.gateway.url, ONE_REQUEST, { u: OWN }, ownKey);
  assert.equal(cached.errors, undefined, JSON.stringify(cached.errors));
  assert.equal(cached.data?.enterprise.saic.status, saicRecordFor(OWN)!.status);

  const uncached = await post(stack.gateway.url, ONE_REQUEST, { u: LATER }, asAdmin);
  assert.equal(uncached.data?.enterprise.name, 'Agencies 4101960A03');
  assert.equal(uncached.data?.enterprise.tax.rating, taxRatingFor(LATER).rating);
  assert.equal(uncached.data?.enterprise.saic, null);
  assert.deepEqual(uncached.errors?.map((error) => [error.extensions?.code, error.path?.join('.')]), [['UPSTREAM_UNAVAILABLE', 'enterprise.saic']]);
  assert.match(uncached.errors![0].message, /SAIC/);
});
