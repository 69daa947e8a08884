import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertData, CREDIT_OF, creditEvent, enterpriseCaller, partnerCaller, RECORD, regulator, startTestCredit, validUscc, type TestCredit,
} from '../testing/credit-harness';

let credit: TestCredit;
const OWN = validUscc(7001);
const OTHER = validUscc(7002);
const PARTNER = validUscc(7003);
const PRIVATE_FIELDS = ['customsClass', 'taxRating', 'score', 'factors { source }', 'records(first: 5) { totalCount }', 'history { to }',
  'supervision { inspectionRate }', 'riskClass', 'computedAt'];

before(async () => {
  credit = await startTestCredit();
  await credit.file(OWN);
  await credit.file(OTHER);
  assertData(await credit.request(RECORD, { input: creditEvent(OWN, 'PENALTY', { evidence: '郑关违字〔2026〕7号' }) }, regulator()));
});

after(async () => {
  await credit?.stop();
});

const ask = (uscc: string, fields: string, identity = regulator()) =>
  credit.request(CREDIT_OF(fields), { r: [{ __typename: 'Enterprise', uscc }] }, identity);

describe('who sees what of a credit profile', () => {
  test('a regulator sees everything', async () => {
    const data = assertData(await ask(OWN, `grade onNegativeList ${PRIVATE_FIELDS.join(' ')}`));
    const profile = data._entities[0].credit;
    assert.equal(profile.score, 70);
    assert.equal(profile.records.totalCount, 1);
  });

  test('an enterprise sees its own profile whole, records included', async () => {
    const data = assertData(await ask(OWN, `grade onNegativeList ${PRIVATE_FIELDS.join(' ')} records(first: 1) { edges { node { kind evidence } } }`
      .replace('records(first: 5) { totalCount }', ''), enterpriseCaller(OWN)));
    assert.equal(data._entities[0].credit.grade, 'B');
    assert.deepEqual(data._entities[0].credit.records.edges[0].node, { kind: 'PENALTY', evidence: '郑关违字〔2026〕7号' });
  });

  test('another enterprise\'s identity reads grade and onNegativeList only', async () => {
    const data = assertData(await ask(OWN, 'grade onNegativeList', enterpriseCaller(OTHER)));
    assert.deepEqual(data._entities[0].credit, { grade: 'B', onNegativeList: false });
  });

  for (const field of PRIVATE_FIELDS) {
    test(`another enterprise's identity asking for ${field.split(' ')[0].replace(/\(.*/, '')}: FORBIDDEN, and no value leaks`, async () => {
      const response = await ask(OWN, `grade ${field}`, enterpriseCaller(OTHER));
      assert.equal(response.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(response));
      assert.ok(!JSON.stringify(response).includes('郑关违字'), JSON.stringify(response));
      assert.equal(JSON.stringify(response).includes('"score":70'), false);
    });
  }

  test('a partner without a grant reads the public fields and nothing more (grants: grants.test.ts)', async () => {
    assert.deepEqual(assertData(await ask(OWN, 'grade onNegativeList', partnerCaller(PARTNER)))._entities[0].credit, { grade: 'B', onNegativeList: false });
    const response = await ask(OWN, 'score', partnerCaller(PARTNER, ['credit:write']));
    assert.equal(response.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  });

  test('an anonymous caller is UNAUTHENTICATED', async () => {
    const anonymous = await credit.request(CREDIT_OF('grade'), { r: [{ __typename: 'Enterprise', uscc: OWN }] });
    assert.equal(anonymous.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
  });

  test('an enterprise credit knows nothing about yet has the baseline profile, with computedAt null', async () => {
    const data = assertData(await ask(validUscc(7999), 'grade onNegativeList score riskClass computedAt factors { source contribution }'));
    assert.deepEqual(data._entities[0].credit, {
      grade: 'B', onNegativeList: false, score: 80, riskClass: 'LOW', computedAt: null, factors: [{ source: 'BASE', contribution: 80 }],
    });
  });
});
