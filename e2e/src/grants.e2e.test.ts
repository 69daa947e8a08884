import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { usccCheckCharacter } from '@sw/kernel';
import { asAdmin, post, startStack, type GraphQLResponse, type Stack } from './stack';

const OWN = '91410100MA44GRA01' + usccCheckCharacter('91410100MA44GRA01');
const BANK = '91410100MA44GRA02' + usccCheckCharacter('91410100MA44GRA02');
const OTHER = '91410100MA44GRA03' + usccCheckCharacter('91410100MA44GRA03');
const UNFILED = '91410100MA44GRA04' + usccCheckCharacter('91410100MA44GRA04');

/** Today in Asia/Shanghai, where credit counts calendar days. */
const shanghaiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

const GRANT = `mutation($i: GrantDataAccessInput!) { grantDataAccess(input: $i) { id uscc partnerUscc scopes until revokedAt live } }`;
const REVOKE = `mutation($id: ID!) { revokeDataAccess(id: $id) { id revokedAt live } }`;
const PUBLIC = `query($u: ID!) { enterprise(uscc: $u) { uscc name credit { grade onNegativeList } } }`;
const PRIVATE = `query($u: ID!) { enterprise(uscc: $u) { name credit { grade score customsClass factors { source } records(first: 5) { totalCount } } } }`;
const RISK = `query($u: ID!) { enterprise(uscc: $u) { credit { riskClass } } }`;
const LOG = `query($u: ID!) { enterprise(uscc: $u) { dataAccessLog(first: 100) {
  totalCount edges { node { partnerUscc partner { name } scope what at requestId } } } } }`;
const GRANTS = `query($u: ID!) { enterprise(uscc: $u) { dataAccessGrants { id partnerUscc partner { name } scopes live } } }`;

let stack: Stack;
let ownKey: Record<string, string>;
let bankKey: Record<string, string>;
let otherKey: Record<string, string>;

const gql = (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => post(stack.gateway.url, query, variables, headers);
const code = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;

/** Polls `read` until `done` holds (at most `timeoutMs`); returns the last answer. */
async function eventually(read: () => Promise<GraphQLResponse>, done: (response: GraphQLResponse) => boolean, timeoutMs = 10_000): Promise<GraphQLResponse> {
  const deadline = Date.now() + timeoutMs;
  let response = await read();
  while (!done(response) && Date.now() < deadline) {
    await sleep(50);
    response = await read();
  }
  return response;
}

/** The bank's read of the private credit fields, FORBIDDEN or not. */
const bankReadsPrivate = (requestId?: string) =>
  gql(PRIVATE, { u: OWN }, requestId ? { ...bankKey, 'x-request-id': requestId } : bankKey);
const readable = (response: GraphQLResponse) => response.errors === undefined && typeof response.data?.enterprise?.credit?.score === 'number';
const refused = (response: GraphQLResponse) => code(response) === 'FORBIDDEN';

before(async () => {
  stack = await startStack();
  for (const [uscc, customsCode, roles] of [[OWN, '4101960G01', ['ECOMMERCE_ENTERPRISE']], [BANK, null, ['BANK']], [OTHER, '4101960G03', ['ECOMMERCE_ENTERPRISE']]] as const) {
    const filed = await gql(`mutation($i: FileEnterpriseInput!) { fileEnterprise(input: $i) { uscc } }`, {
      i: { uscc, name: `授权 ${uscc.slice(12, 17)}`, customsCode, region: 'ZHENGZHOU', roles },
    }, asAdmin);
    assert.equal(filed.errors, undefined, JSON.stringify(filed.errors));
  }
  const profiled = await eventually(() => gql(`query($u: ID!) { enterprise(uscc: $u) { credit { computedAt } } }`, { u: OWN }, asAdmin),
    (response) => Boolean(response.data?.enterprise?.credit?.computedAt));
  assert.ok(profiled.data?.enterprise?.credit?.computedAt, 'credit never computed a profile');
  const recorded = await gql(`mutation($i: CreditEventInput!) { recordCreditEvent(input: $i) { id } }`, {
    i: { uscc: OWN, kind: 'PENALTY', authority: '郑州海关', occurredOn: shanghaiToday(), evidence: '郑关违字〔2026〕88号' },
  }, asAdmin);
  assert.equal(recorded.errors, undefined, JSON.stringify(recorded.errors));
  const issue = async (role: string, uscc: string) => {
    const issued = await gql(`mutation($i: IssueApiKeyInput!) { issueApiKey(input: $i) { key } }`,
      { i: { label: `grants e2e ${role}`, role, uscc, scopes: [] } }, asAdmin);
    assert.equal(issued.errors, undefined, JSON.stringify(issued.errors));
    return { authorization: `Bearer ${issued.data?.issueApiKey.key}` };
  };
  ownKey = await issue('ENTERPRISE', OWN);
  bankKey = await issue('PARTNER', BANK);
  otherKey = await issue('ENTERPRISE', OTHER);
  // Access names only filed enterprises in grants: wait until its projection has the three filings.
  const probe = await eventually(
    () => gql(GRANT, { i: { uscc: OWN, partnerUscc: BANK, scopes: ['TRADE_SUMMARY'], until: inSeconds(3600) } }, ownKey),
    (response) => response.errors === undefined);
  assert.equal(probe.errors, undefined, JSON.stringify(probe.errors));
  assert.equal(code(await gql(REVOKE, { id: probe.data?.grantDataAccess.id }, ownKey)), undefined);
});

after(async () => {
  await stack?.stop();
});

describe('consent grants through the gateway', () => {
  test('without a grant the bank reads the public fields only; the private credit fields are FORBIDDEN', async () => {
    const open = await gql(PUBLIC, { u: OWN }, bankKey);
    assert.equal(open.errors, undefined, JSON.stringify(open.errors));
    assert.deepEqual(open.data?.enterprise.credit, { grade: 'B', onNegativeList: false });
    const closed = await bankReadsPrivate();
    assert.equal(code(closed), 'FORBIDDEN', JSON.stringify(closed));
    assert.doesNotMatch(JSON.stringify(closed.data), /"score"|郑关违字/);
  });

  test('another enterprise cannot grant on behalf of this one, nor can the bank grant itself access', async () => {
    const input = { uscc: OWN, partnerUscc: BANK, scopes: ['CREDIT'], until: inSeconds(3600) };
    assert.equal(code(await gql(GRANT, { i: input }, otherKey)), 'FORBIDDEN');
    assert.equal(code(await gql(GRANT, { i: input }, bankKey)), 'FORBIDDEN');
    assert.equal(readable(await bankReadsPrivate()), false);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['a partner USCC with a wrong check character', { partnerUscc: BANK.slice(0, 17) + (BANK.endsWith('0') ? '1' : '0') }, 'input.partnerUscc'],
    ['the enterprise itself as partner', { partnerUscc: OWN }, 'input.partnerUscc'],
    ['a partner that is not filed', { partnerUscc: UNFILED }, 'input.partnerUscc'],
    ['no scopes', { scopes: [] }, 'input.scopes'],
    ['a scope twice', { scopes: ['CREDIT', 'CREDIT'] }, 'input.scopes'],
    ['until in the past', { until: inSeconds(-60) }, 'input.until'],
  ];
  for (const [what, overrides, field] of invalid) {
    test(`${what} is BAD_USER_INPUT at ${field}`, async () => {
      const response = await gql(GRANT, { i: { uscc: OWN, partnerUscc: BANK, scopes: ['CREDIT'], until: inSeconds(3600), ...overrides } }, ownKey);
      assert.equal(code(response), 'BAD_USER_INPUT', JSON.stringify(response));
      assert.equal(response.errors?.[0]?.extensions?.field, field, JSON.stringify(response));
    });
  }

  test('with a CREDIT grant the bank reads the private credit fields, not riskClass, and every granted read is in dataAccessLog', async () => {
    const given = await gql(GRANT, { i: { uscc: OWN, partnerUscc: BANK, scopes: ['CREDIT'], until: inSeconds(3600) } }, ownKey);
    assert.equal(given.errors, undefined, JSON.stringify(given.errors));
    assert.deepEqual({ ...given.data?.grantDataAccess, id: undefined, until: undefined }, {
      id: undefined, until: undefined, uscc: OWN, partnerUscc: BANK, scopes: ['CREDIT'], revokedAt: null, live: true,
    });

    const first = await eventually(() => bankReadsPrivate('bank-read-0'), readable);
    assert.ok(readable(first), JSON.stringify(first));
    assert.equal(first.data?.enterprise.credit.score, 70);
    assert.equal(first.data?.enterprise.credit.records.totalCount, 1);
    const requestIds = ['bank-read-1', 'bank-read-2', 'bank-read-3'];
    for (const requestId of requestIds) assert.ok(readable(await bankReadsPrivate(requestId)));
    assert.equal(code(await gql(RISK, { u: OWN }, bankKey)), 'FORBIDDEN');

    const logged = await eventually(() => gql(LOG, { u: OWN }, ownKey), (response) => {
      const ids = new Set(response.data?.enterprise?.dataAccessLog.edges.map((edge: { node: { requestId: string } }) => edge.node.requestId));
      return requestIds.every((id) => ids.has(id));
    });
    assert.equal(logged.errors, undefined, JSON.stringify(logged.errors));
    const entries = logged.data?.enterprise.dataAccessLog.edges.map((edge: { node: Record<string, unknown> }) => edge.node)
      .filter((entry: { requestId: string }) => requestIds.includes(entry.requestId));
    assert.equal(entries.length, requestIds.length);
    for (const entry of entries) {
      assert.equal(entry.partnerUscc, BANK);
      assert.equal((entry.partner as { name: string }).name, `授权 ${BANK.slice(12, 17)}`);
      assert.equal(entry.scope, 'CREDIT');
      assert.deepEqual(entry.what, ['credit customsClass', 'credit factors', 'credit records', 'credit score']);
    }

    const grants = await gql(GRANTS, { u: OWN }, ownKey);
    assert.equal(grants.data?.enterprise.dataAccessGrants[0].id, given.data?.grantDataAccess.id);
    const seenByBank = await gql(GRANTS, { u: OWN }, bankKey);
    assert.deepEqual(seenByBank.data?.enterprise.dataAccessGrants.filter((grant: { live: boolean }) => grant.live).map((grant: { scopes: string[] }) => grant.scopes), [['CREDIT']]);
    assert.equal(code(await gql(LOG, { u: OWN }, bankKey)), 'FORBIDDEN');
    assert.equal(code(await gql(GRANTS, { u: OWN }, otherKey)), 'FORBIDDEN');

    const audit = await gql(`query($s: String!) { auditLog(first: 50, filter: { action: GRANT_USED, subject: $s }) { totalCount } }`, { s: OWN }, asAdmin);
    assert.ok(audit.data?.auditLog.totalCount >= requestIds.length, JSON.stringify(audit));
  });

  test('after revocation the bank reads nothing beyond the public fields and gets FORBIDDEN; revoking again changes nothing', async () => {
    const grants = await gql(GRANTS, { u: OWN }, ownKey);
    const live = grants.data?.enterprise.dataAccessGrants.find((grant: { live: boolean; scopes: string[] }) => grant.live && grant.scopes.includes('CREDIT'));
    assert.ok(live, JSON.stringify(grants));
    const revoked = await gql(REVOKE, { id: live.id }, ownKey);
    assert.equal(revoked.data?.revokeDataAccess.live, false);
    const again = await gql(REVOKE, { id: live.id }, ownKey);
    assert.equal(again.data?.revokeDataAccess.revokedAt, revoked.data?.revokeDataAccess.revokedAt);

    const closed = await eventually(() => bankReadsPrivate(), refused);
    assert.equal(code(closed), 'FORBIDDEN', JSON.stringify(closed));
    assert.doesNotMatch(JSON.stringify(closed.data), /"score"/);
    assert.deepEqual((await gql(PUBLIC, { u: OWN }, bankKey)).data?.enterprise.credit, { grade: 'B', onNegativeList: false });
  });

  test('after expiry the bank reads nothing beyond the public fields and gets FORBIDDEN', async () => {
    const until = Date.now() + 6000;
    const given = await gql(GRANT, { i: { uscc: OWN, partnerUscc: BANK, scopes: ['CREDIT', 'RISK'], until: new Date(until).toISOString() } }, ownKey);
    assert.equal(given.errors, undefined, JSON.stringify(given.errors));
    const open = await eventually(() => gql(RISK, { u: OWN }, bankKey), (response) => response.errors === undefined, 5000);
    assert.equal(open.errors, undefined, JSON.stringify(open.errors));
    await sleep(Math.max(0, until - Date.now()) + 200);
    const risk = await gql(RISK, { u: OWN }, bankKey);
    assert.equal(code(risk), 'FORBIDDEN', JSON.stringify(risk));
    const closed = await bankReadsPrivate();
    assert.equal(code(closed), 'FORBIDDEN', JSON.stringify(closed));
    const grants = await gql(GRANTS, { u: OWN }, ownKey);
    assert.equal(grants.data?.enterprise.dataAccessGrants.find((grant: { id: string }) => grant.id === given.data?.grantDataAccess.id).live, false);
  });
});
