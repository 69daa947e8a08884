import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { usccCheckCharacter } from '@sw/kernel';
import { asAdmin, post, startStack, type Stack } from './stack';

const OWN = '91410100MA44TEN01' + usccCheckCharacter('91410100MA44TEN01');
const OTHER = '91410100MA44TEN02' + usccCheckCharacter('91410100MA44TEN02');
const NEW = '91410100MA44TEN03' + usccCheckCharacter('91410100MA44TEN03');

let stack: Stack;
let enterpriseKey: Record<string, string>;
let partnerKey: Record<string, string>;
let personId: string;

before(async () => {
  stack = await startStack();
  for (const [uscc, code] of [[OWN, '4101960T01'], [OTHER, '4101960T02']]) {
    await post(stack.gateway.url, `mutation($i: FileEnterpriseInput!) { fileEnterprise(input: $i) { uscc } }`, {
      i: { uscc, name: `Tenant ${code}`, customsCode: code, region: 'ZHENGZHOU', roles: ['ECOMMERCE_ENTERPRISE'] },
    }, asAdmin);
  }
  const person = await post(stack.gateway.url, `mutation { fileIndividual(input: { name: "王小明", idNumber: "11010519491231002X", region: ZHENGZHOU }) { id } }`, {}, asAdmin);
  personId = person.data?.fileIndividual.id;
  const issue = async (role: string, uscc: string, scopes: string[]) => {
    const issued = await post(stack.gateway.url, `mutation($i: IssueApiKeyInput!) { issueApiKey(input: $i) { key } }`,
      { i: { label: `${role} tenancy`, role, uscc, scopes } }, asAdmin);
    return { authorization: `Bearer ${issued.data?.issueApiKey.key}` };
  };
  enterpriseKey = await issue('ENTERPRISE', OWN, ['keys:manage']);
  partnerKey = await issue('PARTNER', OWN, []);
});

after(async () => {
  await stack?.stop();
});

/** Every path that exists today, tried with another enterprise's identifiers. */
const attempts: [string, string, Record<string, unknown>][] = [
  ['read another enterprise\'s filing', `query($u: ID!) { enterprise(uscc: $u) { filing { status } } }`, { u: OTHER }],
  ['read filings across the list', `{ enterprises(first: 50) { edges { node { uscc filing { status } } } } }`, {}],
  ['amend another enterprise\'s filing', `mutation($u: ID!) { amendFiling(uscc: $u, input: { name: "x" }) { uscc } }`, { u: OTHER }],
  ['revoke another enterprise\'s filing', `mutation($u: ID!) { revokeFiling(uscc: $u, reason: "x") { uscc } }`, { u: OTHER }],
  ['file an enterprise under another USCC', `mutation($u: ID!) { fileEnterprise(input: { uscc: $u, name: "x", region: ZHENGZHOU, roles: [LOGISTICS] }) { uscc } }`, { u: NEW }],
  ['issue a key for another enterprise', `mutation($u: ID!) { issueApiKey(input: { label: "x", role: ENTERPRISE, uscc: $u }) { key } }`, { u: OTHER }],
  ['issue itself a scope it does not hold', `mutation($u: ID!) { issueApiKey(input: { label: "x", role: ENTERPRISE, uscc: $u, scopes: ["pii:read"] }) { key } }`, { u: OWN }],
  ['reveal personal data without pii:read', `query($p: ID!) { person(id: $p) { idNumber(reveal: true) } }`, {}],
  ['read the audit log without audit:read', `{ auditLog(first: 5) { totalCount } }`, {}],
  ['read another enterprise\'s tax profile', `query($u: ID!) { enterprise(uscc: $u) { tax { rating } } }`, { u: OTHER }],
  ['submit an export rebate for another enterprise', `mutation($u: ID!) { submitExportRebate(input: {
    uscc: $u, period: "2025-01", amount: "1.00", exportDeclarationIds: ["460120250000000001"], requestId: "tenancy-rebate-1" }) { id } }`, { u: OTHER }],
  ['check an identity without idcheck:use', `mutation { verifyIdentity(name: "王小明", idNumber: "11010519491231002X") { result } }`, {}],
];

for (const [what, query, variables] of attempts) {
  test(`an ENTERPRISE key may not ${what}: FORBIDDEN`, async () => {
    const response = await post(stack.gateway.url, query, { p: personId, ...variables }, enterpriseKey);
    assert.equal(response.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(response.errors));
  });
}

test('a PARTNER without a grant reads public fields but no filing', async () => {
  const open = await post(stack.gateway.url, `query($u: ID!) { enterprise(uscc: $u) { uscc name region roles } }`, { u: OTHER }, partnerKey);
  assert.equal(open.data?.enterprise.uscc, OTHER);
  const closed = await post(stack.gateway.url, `query($u: ID!) { enterprise(uscc: $u) { filing { status } } }`, { u: OTHER }, partnerKey);
  assert.equal(closed.errors?.[0]?.extensions?.code, 'FORBIDDEN');
});

test('nothing the refused attempts tried was written', async () => {
  const read = await post(stack.gateway.url, `query($u: ID!, $n: ID!) { other: enterprise(uscc: $u) { name filing { status } } new: enterprise(uscc: $n) { uscc } }`, { u: OTHER, n: NEW }, asAdmin);
  assert.deepEqual(read.data, { other: { name: 'Tenant 4101960T02', filing: { status: 'ACTIVE' } }, new: null });
});
