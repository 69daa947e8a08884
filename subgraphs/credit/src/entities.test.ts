import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertData, creditEvent, enterpriseCaller, RECORD, regulator, startTestCredit, taxRatingObserved, validUscc, type TestCredit,
} from './testing/credit-harness';

const N = 25;
let credit: TestCredit;
const usccs: string[] = [];

before(async () => {
  credit = await startTestCredit();
  for (let i = 0; i < N; i++) {
    const uscc = validUscc(9000 + i);
    usccs.push(uscc);
    await credit.publish({ type: 'registry.enterprise.filed', subject: uscc, actor: 'r', data: {
      uscc, name: `批量信用测试企业${i}`, customsCode: null, region: 'ZHENGZHOU', roles: ['ECOMMERCE_ENTERPRISE'], filingStatus: 'ACTIVE',
    } });
    if (i % 2 === 0) await credit.publish(taxRatingObserved(uscc, i % 4 === 0 ? 'A' : 'C', 2025));
  }
  await credit.settle();
  for (const uscc of usccs.slice(0, 5)) assertData(await credit.request(RECORD, { input: creditEvent(uscc, 'PENALTY') }, regulator()));
});

after(async () => {
  await credit?.stop();
});

const ALL = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { uscc credit {
  grade onNegativeList customsClass taxRating score riskClass factors { source contribution } supervision { inspectionRate }
  history { to } records(first: 3) { totalCount edges { node { kind } } pageInfo { hasNextPage } } } } } }`;

/** Runs `query` over every enterprise and returns the data with the SQL statements it cost. */
async function measured(query: string, representations: unknown[], identity = regulator()) {
  credit.queries.reset();
  const data = assertData(await credit.request(query, { r: representations }, identity))._entities as { uscc: string; credit: Record<string, unknown> }[];
  return { data, queries: credit.queries.count, statements: credit.queries.statements };
}

describe('N enterprises\' credit in one request', () => {
  test(`${N} profiles with factors, supervision, history and records cost one SQL query per table`, async () => {
    const wanted = [...usccs].reverse();
    const { data, queries, statements } = await measured(ALL, wanted.map((uscc) => ({ __typename: 'Enterprise', uscc })));
    assert.equal(queries, 3, statements.join('\n'));
    assert.ok(statements.some((s) => s.includes('"profiles"')) && statements.some((s) => s.includes('"grade_changes"')) && statements.some((s) => s.includes('credit.records')));
    assert.deepEqual(data.map((e) => e.uscc), wanted);
    const byUscc = new Map(data.map((e) => [e.uscc, e.credit]));
    assert.equal(byUscc.get(usccs[0])!.taxRating, 'A');
    assert.equal(byUscc.get(usccs[2])!.taxRating, 'C');
    assert.equal((byUscc.get(usccs[1])! as { records: { totalCount: number } }).records.totalCount, 1);
    assert.equal((byUscc.get(usccs[0])! as { records: { totalCount: number } }).records.totalCount, 2);
    assert.equal((byUscc.get(usccs[24])! as { records: { totalCount: number } }).records.totalCount, 1);
    assert.equal((byUscc.get(usccs[23])! as { records: { totalCount: number } }).records.totalCount, 0);
  });

  test('grade and onNegativeList alone cost one query, whoever asks', async () => {
    const { data, queries } = await measured(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { credit { grade onNegativeList } } } }`,
      usccs.map((uscc) => ({ __typename: 'Enterprise', uscc })), enterpriseCaller(validUscc(123_456)));
    assert.equal(queries, 1);
    assert.equal(data.length, N);
  });

  test('unknown enterprises get the baseline in their positions, still one query', async () => {
    const { data, queries } = await measured(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { uscc credit { grade score } } } }`,
      [usccs[8], validUscc(99_001), usccs[1]].map((uscc) => ({ __typename: 'Enterprise', uscc })));
    assert.equal(queries, 1);
    assert.deepEqual(data.map((e) => e.credit.grade), ['A', 'B', 'B']);
  });
});
