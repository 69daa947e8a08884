import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { DataScope, NewEvent } from '@sw/kernel';
import {
  assertData, busEvents, CREDIT_OF, creditEvent, partnerCaller, RECORD, regulator, startTestCredit, until, validUscc, type TestCredit,
} from '../testing/credit-harness';

let credit: TestCredit;
const OWNER = validUscc(7101);
const OTHER = validUscc(7102);
const BANK = validUscc(7103);
const bank = partnerCaller(BANK);
const CREDIT_FIELDS = ['customsClass', 'taxRating', 'score', 'factors { source }', 'records(first: 5) { totalCount }', 'history { to }',
  'supervision { inspectionRate }', 'computedAt'];

before(async () => {
  credit = await startTestCredit();
  await credit.file(OWNER);
  await credit.file(OTHER);
  assertData(await credit.request(RECORD, { input: creditEvent(OWNER, 'PENALTY', { evidence: '郑关违字〔2026〕71号' }) }, regulator()));
});

after(async () => {
  await credit?.stop();
});

function grantEvent(type: 'access.grant.given' | 'access.grant.revoked', grantId: string, uscc: string, scopes: DataScope[]): NewEvent {
  const data: Record<string, unknown> = { grantId, uscc, partnerUscc: BANK, scopes, until: new Date(Date.now() + 3_600_000).toISOString() };
  if (type === 'access.grant.revoked') data.revokedAt = new Date().toISOString();
  return { type, subject: grantId, actor: `enterprise-${uscc}`, data };
}

/** Publishes a grant event as the access subgraph does and waits until credit's projection has it. */
async function project(event: NewEvent): Promise<void> {
  const published = await credit.publish(event);
  assert.ok(await until(async () => (await credit.credit.grantConsumer.offset()) >= published.seq), 'credit never projected the grant');
}

const ask = (fields: string, identity = bank, uscc = OWNER) =>
  credit.request(CREDIT_OF(fields), { r: [{ __typename: 'Enterprise', uscc }] }, identity);

const usedBy = async (partnerUscc: string) =>
  (await busEvents(credit.sql, 'access.grant.used', OWNER)).filter((event) => event.data.partnerUscc === partnerUscc);

describe('a partner under a grant', () => {
  const creditGrant = randomUUID();
  const riskGrant = randomUUID();

  test('without a grant it reads grade and onNegativeList only; every private field is FORBIDDEN and nothing is audited', async () => {
    assert.deepEqual(assertData(await ask('grade onNegativeList'))._entities[0].credit, { grade: 'B', onNegativeList: false });
    for (const field of [...CREDIT_FIELDS, 'riskClass']) {
      const response = await ask(`grade ${field}`);
      assert.equal(response.errors?.[0]?.extensions?.code, 'FORBIDDEN', `${field}: ${JSON.stringify(response)}`);
      assert.ok(!JSON.stringify(response).includes('郑关违字'), JSON.stringify(response));
    }
    assert.deepEqual(await usedBy(BANK), []);
  });

  test('with CREDIT it reads the private credit fields, records included; riskClass still needs RISK', async () => {
    await project(grantEvent('access.grant.given', creditGrant, OWNER, ['CREDIT']));
    const profile = assertData(await ask(`grade ${CREDIT_FIELDS.join(' ')} records(first: 1) { edges { node { evidence } } }`.replace('records(first: 5) { totalCount }', '')))
      ._entities[0].credit;
    assert.equal(profile.score, 70);
    assert.deepEqual(profile.records.edges[0].node, { evidence: '郑关违字〔2026〕71号' });
    const risk = await ask('riskClass');
    assert.equal(risk.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assert.match(risk.errors![0].message, /scope RISK/);
  });

  test('each request\'s granted reads are published once per scope as access.grant.used, with the fields read and never their values', async () => {
    const before = (await usedBy(BANK)).length;
    assertData(await ask('grade score factors { source } supervision { inspectionRate }'));
    const events = (await usedBy(BANK)).slice(before);
    assert.equal(events.length, 1, JSON.stringify(events.map((event) => event.data)));
    assert.equal(events[0].actor, bank.subject);
    assert.deepEqual({ ...events[0].data, requestId: undefined }, {
      partnerUscc: BANK, uscc: OWNER, scope: 'CREDIT', what: ['credit factors', 'credit score', 'credit supervision'], requestId: undefined,
    });
    assert.match(String(events[0].data.requestId), /^[0-9a-f-]{36}$/);
  });

  test('with RISK as well it reads riskClass, audited under RISK', async () => {
    await project(grantEvent('access.grant.given', riskGrant, OWNER, ['RISK']));
    const before = (await usedBy(BANK)).length;
    assert.deepEqual(assertData(await ask('riskClass score'))._entities[0].credit, { riskClass: 'LOW', score: 70 });
    const scopes = (await usedBy(BANK)).slice(before).map((event) => event.data.scope).sort();
    assert.deepEqual(scopes, ['CREDIT', 'RISK']);
  });

  test('a grant of one enterprise opens nothing of another', async () => {
    const response = await ask('score', bank, OTHER);
    assert.equal(response.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  });

  test('after revocation it reads nothing beyond the public fields again', async () => {
    await project(grantEvent('access.grant.revoked', creditGrant, OWNER, ['CREDIT']));
    const response = await ask('grade score');
    assert.equal(response.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assert.equal(JSON.stringify(response).includes('"score":70'), false);
    assert.deepEqual(assertData(await ask('riskClass'))._entities[0].credit, { riskClass: 'LOW' });
  });

  test('after expiry it reads nothing beyond the public fields again', async () => {
    await credit.sql`update credit.partner_grants set until = now() - interval '1 second' where grant_id = ${riskGrant}`;
    assert.equal((await ask('riskClass')).errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assert.deepEqual(assertData(await ask('grade onNegativeList'))._entities[0].credit, { grade: 'B', onNegativeList: false });
  });
});
