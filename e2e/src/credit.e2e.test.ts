import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { usccCheckCharacter } from '@sw/kernel';
import { asAdmin, post, startStack, type Stack } from './stack';

const OWN = '91410100MA44CRE01' + usccCheckCharacter('91410100MA44CRE01');
const OTHER = '91410100MA44CRE02' + usccCheckCharacter('91410100MA44CRE02');

/** Today in Asia/Shanghai, where credit counts calendar days (a record of today has its full weight). */
const shanghaiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

let stack: Stack;
let enterpriseKey: Record<string, string>;

/** Polls until credit has consumed the registry's filing event and stored a profile. */
async function profiled(uscc: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const read = await post(stack.gateway.url, `query($u: ID!) { enterprise(uscc: $u) { credit { computedAt } } }`, { u: uscc }, asAdmin);
    if (read.data?.enterprise?.credit?.computedAt) return;
    await sleep(50);
  }
  assert.fail(`credit never computed a profile for ${uscc}`);
}

before(async () => {
  stack = await startStack();
  for (const [uscc, code] of [[OWN, '4101960C01'], [OTHER, '4101960C02']]) {
    const filed = await post(stack.gateway.url, `mutation($i: FileEnterpriseInput!) { fileEnterprise(input: $i) { uscc } }`, {
      i: { uscc, name: `信用 ${code}`, customsCode: code, region: 'ZHENGZHOU', roles: ['ECOMMERCE_ENTERPRISE'] },
    }, asAdmin);
    assert.equal(filed.errors, undefined, JSON.stringify(filed.errors));
  }
  await profiled(OWN);
  await profiled(OTHER);
  const issued = await post(stack.gateway.url, `mutation($i: IssueApiKeyInput!) { issueApiKey(input: $i) { key } }`,
    { i: { label: 'credit e2e', role: 'ENTERPRISE', uscc: OWN, scopes: [] } }, asAdmin);
  enterpriseKey = { authorization: `Bearer ${issued.data?.issueApiKey.key}` };
});

after(async () => {
  await stack?.stop();
});

test('one gateway request joins the registry\'s name with credit\'s grade, score and factors; a serious violation shows at once', async () => {
  const recorded = await post(stack.gateway.url, `mutation($i: CreditEventInput!) { recordCreditEvent(input: $i) { id kind } }`, {
    i: { uscc: OTHER, kind: 'SERIOUS_VIOLATION', authority: '郑州海关', occurredOn: shanghaiToday(), evidence: '郑关缉违字〔2026〕1号' },
  }, asAdmin);
  assert.equal(recorded.errors, undefined, JSON.stringify(recorded.errors));

  const response = await post(stack.gateway.url, `query($u: ID!) { enterprise(uscc: $u) { name credit { grade score factors { source } } } }`, { u: OTHER }, asAdmin);
  assert.equal(response.errors, undefined, JSON.stringify(response.errors));
  assert.deepEqual(response.data?.enterprise, {
    name: '信用 4101960C02', credit: { grade: 'D', score: 40, factors: [{ source: 'BASE' }, { source: 'REGULATOR' }] },
  });
});

test('an ENTERPRISE key lists every enterprise\'s public credit, but reads nothing else of another\'s', async () => {
  const listed = await post(stack.gateway.url, `{ enterprises(first: 50) { edges { node { uscc credit { grade onNegativeList } } } } }`, {}, enterpriseKey);
  assert.equal(listed.errors, undefined, JSON.stringify(listed.errors));
  const byUscc = new Map(listed.data?.enterprises.edges.map((e: { node: { uscc: string; credit: unknown } }) => [e.node.uscc, e.node.credit]));
  assert.deepEqual(byUscc.get(OWN), { grade: 'B', onNegativeList: false });
  assert.deepEqual(byUscc.get(OTHER), { grade: 'D', onNegativeList: false });

  const own = await post(stack.gateway.url, `query($u: ID!) { enterprise(uscc: $u) { credit { score supervision { inspectionRate } } } }`, { u: OWN }, enterpriseKey);
  assert.deepEqual(own.data?.enterprise.credit, { score: 80, supervision: { inspectionRate: 0.05 } });

  const other = await post(stack.gateway.url, `query($u: ID!) { enterprise(uscc: $u) { credit { grade score } } }`, { u: OTHER }, enterpriseKey);
  assert.equal(other.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(other));
  assert.equal(JSON.stringify(other.data).includes('40'), false);

  const write = await post(stack.gateway.url, `mutation($i: CreditEventInput!) { recordCreditEvent(input: $i) { id } }`, {
    i: { uscc: OTHER, kind: 'PENALTY', authority: 'x', occurredOn: '2026-01-05', evidence: 'x' },
  }, enterpriseKey);
  assert.equal(write.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(write));
});
