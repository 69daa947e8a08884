import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { createDataSource, publish, usccCheckCharacter, type NewEvent } from '@sw/kernel';
import type { DataSource } from 'typeorm';
import { asAdmin, post, startStack, type Stack } from './stack';

const OWN = '91410100MA44TJA01' + usccCheckCharacter('91410100MA44TJA01');
const OTHER = '91410100MA44TJA02' + usccCheckCharacter('91410100MA44TJA02');

/** Today in Asia/Shanghai, where statistics counts calendar days. */
const shanghaiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

let stack: Stack;
let producer: DataSource;
let otherKey: Record<string, string>;

/** What clearance publishes when a declaration reaches CLEARED. */
function cleared(uscc: string, valueCny: string, hsChapter: string, currency = 'CNY'): NewEvent {
  const declarationId = randomUUID();
  return {
    type: 'clearance.declaration.cleared', subject: declarationId, actor: 'customs',
    data: {
      declarationId, copNo: `E2E${declarationId.slice(0, 8)}`, enterprise: uscc, parties: { ECOMMERCE_ENTERPRISE: uscc },
      direction: 'IMPORT', mode: 'MODE_1210', country: 'JP', currency, valueCny, lines: [{ hsChapter, valueCny }], clearedAt: new Date().toISOString(),
    },
  };
}

before(async () => {
  stack = await startStack();
  for (const [uscc, code] of [[OWN, '4101960T01'], [OTHER, '4101960T02']]) {
    const filed = await post(stack.gateway.url, `mutation($i: FileEnterpriseInput!) { fileEnterprise(input: $i) { uscc } }`, {
      i: { uscc, name: `统计 ${code}`, customsCode: code, region: 'ZHENGZHOU', roles: ['ECOMMERCE_ENTERPRISE'] },
    }, asAdmin);
    assert.equal(filed.errors, undefined, JSON.stringify(filed.errors));
  }
  const issued = await post(stack.gateway.url, `mutation($i: IssueApiKeyInput!) { issueApiKey(input: $i) { key } }`,
    { i: { label: 'statistics e2e', role: 'ENTERPRISE', uscc: OTHER, scopes: [] } }, asAdmin);
  otherKey = { authorization: `Bearer ${issued.data?.issueApiKey.key}` };
  // Clearance is not in this stack's flow yet: the events it publishes at CLEARED go straight into the stack's log.
  producer = createDataSource({ url: stack.database.url, schema: 'bus', entities: [], poolSize: 1 });
  await producer.initialize();
  for (const event of [cleared(OWN, '1200.50', '33'), cleared(OWN, '799.50', '61', 'USD')]) {
    await producer.transaction((manager) => publish(manager, event));
  }
});

after(async () => {
  await producer?.destroy();
  await stack?.stop();
});

test('cleared declarations published on the bus reach tradeStatistics through the gateway', async () => {
  const today = shanghaiToday();
  const query = `query($d: Date!) { tradeStatistics(from: $d, to: $d, granularity: DAY, groupBy: [REGION, HS_CHAPTER]) {
    period dimensions { dimension value } count value settledInCnyShare } }`;
  let rows: unknown[] = [];
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await post(stack.gateway.url, query, { d: today }, asAdmin);
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    rows = response.data?.tradeStatistics ?? [];
    if (rows.length === 2) break;
    await sleep(100);
  }
  assert.deepEqual(rows, [
    { period: today, dimensions: [{ dimension: 'REGION', value: 'ZHENGZHOU' }, { dimension: 'HS_CHAPTER', value: '33' }], count: 1, value: '1200.50', settledInCnyShare: 1 },
    { period: today, dimensions: [{ dimension: 'REGION', value: 'ZHENGZHOU' }, { dimension: 'HS_CHAPTER', value: '61' }], count: 1, value: '799.50', settledInCnyShare: 0 },
  ]);
});

test('one request joins the registry\'s name with statistics\' tradeSummary; another enterprise\'s key is FORBIDDEN', async () => {
  const query = `query($u: ID!) { enterprise(uscc: $u) { name tradeSummary { count value importValue } } }`;
  const own = await post(stack.gateway.url, query, { u: OWN }, asAdmin);
  assert.equal(own.errors, undefined, JSON.stringify(own.errors));
  assert.deepEqual(own.data?.enterprise, { name: '统计 4101960T01', tradeSummary: { count: 2, value: '2000.00', importValue: '2000.00' } });

  const other = await post(stack.gateway.url, query, { u: OWN }, otherKey);
  assert.equal(other.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(other));
  assert.equal(JSON.stringify(other).includes('2000.00'), false);
});
