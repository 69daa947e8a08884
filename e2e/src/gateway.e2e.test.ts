import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { usccCheckCharacter } from '@sw/kernel';
import { asAdmin, post, startStack, type Stack } from './stack';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

const uscc = (body: string) => body + usccCheckCharacter(body);
const FILE = `mutation($input: FileEnterpriseInput!) { fileEnterprise(input: $input) { uscc name customsCode region roles filing { status qualifications { agency status } } } }`;

test('an enterprise filed through the gateway is read back through the gateway with its six agency qualifications', async () => {
  const code = uscc('91410100MA44E2E01');
  const filed = await post(stack.gateway.url, FILE, {
    input: { uscc: code, name: '郑州跨境测试有限公司', customsCode: '4101960E01', region: 'ZHENGZHOU', roles: ['ECOMMERCE_PLATFORM'] },
  }, asAdmin);
  assert.equal(filed.errors, undefined, JSON.stringify(filed.errors));
  assert.equal(filed.data?.fileEnterprise.filing.qualifications.length, 6);

  const read = await post(stack.gateway.url, `query($u: ID!) { enterprise(uscc: $u) { name customsCode filing { status } } }`, { u: code }, asAdmin);
  assert.deepEqual(read.data?.enterprise, { name: '郑州跨境测试有限公司', customsCode: '4101960E01', filing: { status: 'ACTIVE' } });

  const listed = await post(stack.gateway.url, `{ enterprises(filter: { customsCode: "4101960E01" }) { totalCount edges { node { uscc } } } }`, {}, asAdmin);
  assert.equal(listed.data?.enterprises.totalCount, 1);
  assert.equal(listed.data?.enterprises.edges[0].node.uscc, code);
});

test('a subgraph validation error reaches the partner with its code and field', async () => {
  const body = '91410100MA44E2E01';
  const wrongCheck = usccCheckCharacter(body) === '9' ? '8' : '9';
  const response = await post(stack.gateway.url, FILE, {
    input: { uscc: body + wrongCheck, name: 'x', region: 'ZHENGZHOU', roles: ['LOGISTICS'] },
  }, asAdmin);
  assert.equal(response.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.equal(response.errors?.[0]?.extensions?.field, 'input.uscc');
  assert.match(response.errors?.[0]?.message ?? '', /check character should be/);
});

test('a caller sending Accept-Language: zh gets the error in Chinese, code and field unchanged', async () => {
  const body = '91410100MA44E2E01';
  const wrongCheck = usccCheckCharacter(body) === '9' ? '8' : '9';
  const response = await post(stack.gateway.url, FILE, {
    input: { uscc: body + wrongCheck, name: 'x', region: 'ZHENGZHOU', roles: ['LOGISTICS'] },
  }, { ...asAdmin, 'accept-language': 'zh-CN,zh;q=0.9' });
  assert.match(response.errors?.[0]?.message ?? '', /^输入无效：input\.uscc/);
  assert.equal(response.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.equal(response.errors?.[0]?.extensions?.field, 'input.uscc');
});

test('an anonymous caller is UNAUTHENTICATED on every protected field and mutation, and nothing is written', async () => {
  const read = await post(stack.gateway.url, '{ enterprises(first: 1) { totalCount } }');
  assert.equal(read.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
  assert.deepEqual(read.errors?.[0]?.path, ['enterprises']);
  const write = await post(stack.gateway.url, FILE, {
    input: { uscc: uscc('91410100MA44E2E02'), name: 'anon', region: 'ZHENGZHOU', roles: ['LOGISTICS'] },
  });
  assert.equal(write.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
  const stored = await post(stack.gateway.url, `{ enterprises(filter: { nameContains: "anon" }) { totalCount } }`, {}, asAdmin);
  assert.equal(stored.data?.enterprises.totalCount, 0);
});

test('a bearer key that is not accepted is UNAUTHENTICATED even for reads', async () => {
  const response = await post(stack.gateway.url, '{ enterprises(first: 1) { totalCount } }', {}, { authorization: 'Bearer not-a-key' });
  assert.equal(response.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
});

test('personal data is masked through the gateway and revealed whole only on request', async () => {
  const filed = await post(stack.gateway.url,
    `mutation { fileIndividual(input: { name: "张三丰", idNumber: "11010519491231002X", region: ZHENGZHOU, phone: "13812345678" }) { id name idNumber phone } }`,
    {}, asAdmin);
  assert.deepEqual({ ...filed.data?.fileIndividual, id: undefined }, { id: undefined, name: '张**', idNumber: '110105********002X', phone: '138****5678' });
  const revealed = await post(stack.gateway.url, `query($id: ID!) { person(id: $id) { idNumber(reveal: true) } }`, { id: filed.data?.fileIndividual.id }, asAdmin);
  assert.equal(revealed.data?.person.idNumber, '11010519491231002X');
});

test('healthz answers once the supergraph is loaded and readyz checks the database and every subgraph', async () => {
  const base = stack.gateway.url.replace('/graphql', '');
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  const ready = await fetch(`${base}/readyz`);
  assert.equal(ready.status, 200);
  const body = (await ready.json()) as { checks: { name: string; ok: boolean }[] };
  assert.deepEqual(body.checks.map((check) => check.name).sort(), ['database', ...stack.gateway.subgraphs.map((subgraph) => subgraph.name)].sort());
  assert.ok(body.checks.length >= 3, 'the database and at least registry and access');
});

test('a browser GET gets Apollo Sandbox and Studio\'s origin passes CORS', async () => {
  const page = await fetch(stack.gateway.url, { headers: { accept: 'text/html' } });
  assert.equal(page.status, 200);
  assert.match(await page.text(), /sandbox/i);
  const preflight = await fetch(stack.gateway.url, {
    method: 'OPTIONS',
    headers: { origin: 'https://studio.apollographql.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
  });
  assert.ok(preflight.status < 300);
  assert.ok(preflight.headers.get('access-control-allow-origin'));
});
