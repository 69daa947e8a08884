import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readAccessConfig, startAccess, type RunningAccess } from '@sw/access';
import { createLogger, DEV_PII_HASH_KEY, DEV_PII_KEYS, maskIdNumber, PiiVault, type Identity } from '@sw/kernel';
import { identityFixture, sampleIdNumber } from '../simulators';
import {
  assertData, assertError, busEvents, enterpriseCaller, partnerCaller, regulator, startTestAgencies, until, VERIFY,
  type GraphQLResponse, type TestAgencies,
} from '../testing/agencies-harness';

const REGISTERED = identityFixture('idcheck-registered');
const UNREGISTERED = identityFixture('idcheck-unregistered', false);
const CHECKER = partnerCaller('91410100MA44CHK018', ['idcheck:use']);
const personIdOf = (idNumber: string) => new PiiVault(DEV_PII_KEYS, Buffer.from(DEV_PII_HASH_KEY)).hash(idNumber);

let t: TestAgencies;
let access: RunningAccess;
/** Every answer this file received: none may hold a whole ID number. */
const responses: GraphQLResponse[] = [];

/** Checks as `identity` (null: anonymous). */
async function verify(name: string, idNumber: string, identity: Identity | null = CHECKER): Promise<GraphQLResponse> {
  const response = await t.request(VERIFY, { name, idNumber }, identity ?? undefined);
  responses.push(response);
  return response;
}

before(async () => {
  t = await startTestAgencies();
  // The access subgraph on the same database, as deployed: its audit consumer reads the bus.
  access = await startAccess(readAccessConfig({ DATABASE_URL: t.database.url, ACCESS_PORT: '0' }), createLogger('access', 'silent'));
});

after(async () => {
  await access?.stop();
  await t?.stop();
});

describe('verifyIdentity', () => {
  test('MATCH for the registered name, MISMATCH for another, NOT_FOUND for a number the register lacks', async () => {
    const cases: [string, string, string][] = [
      [REGISTERED.name, REGISTERED.idNumber, 'MATCH'],
      ['张三丰', REGISTERED.idNumber, 'MISMATCH'],
      [UNREGISTERED.name, UNREGISTERED.idNumber, 'NOT_FOUND'],
    ];
    for (const [name, idNumber, result] of cases) {
      const check = assertData(await verify(name, idNumber)).verifyIdentity;
      assert.equal(check.result, result);
      assert.match(check.reference, /^PSB-\d{8}-[0-9A-F]{12}$/);
      assert.ok(Math.abs(Date.parse(check.checkedAt) - Date.now()) < 10_000);
    }
  });

  test('a bad check character is BAD_USER_INPUT on idNumber and the service is not called', async () => {
    const good = sampleIdNumber('idcheck-typo');
    const typo = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const attempts = t.agencies.calls.PUBLIC_SECURITY.attempts;
    const error = assertError(await verify('李四', typo), 'BAD_USER_INPUT', 'idNumber');
    assert.match(error.message, /check character should be/);
    assert.equal(t.agencies.calls.PUBLIC_SECURITY.attempts, attempts);
    assert.equal((await busEvents(t.sql, 'agencies.identity.checked')).filter((event) => event.subject === personIdOf(typo)).length, 0);
  });

  test('needs idcheck:use: without it FORBIDDEN, anonymous UNAUTHENTICATED; a regulator holds every scope', async () => {
    const attempts = t.agencies.calls.PUBLIC_SECURITY.attempts;
    assertError(await verify(REGISTERED.name, REGISTERED.idNumber, enterpriseCaller('91410100MA44CHK018')), 'FORBIDDEN');
    assertError(await verify(REGISTERED.name, REGISTERED.idNumber, null), 'UNAUTHENTICATED');
    assert.equal(t.agencies.calls.PUBLIC_SECURITY.attempts, attempts);
    assert.equal(assertData(await verify(REGISTERED.name, REGISTERED.idNumber, regulator())).verifyIdentity.result, 'MATCH');
  });

  test('every check is published with the number masked and no name, and lands in the audit log as IDENTITY_CHECKED', async () => {
    const { idNumber, name } = identityFixture('idcheck-audited');
    const check = assertData(await verify(name, idNumber)).verifyIdentity;
    const personId = personIdOf(idNumber);
    const [event] = await busEvents(t.sql, 'agencies.identity.checked', personId);
    assert.deepEqual({ ...event.data }, {
      personId, idNumberMasked: maskIdNumber(idNumber), result: 'MATCH', reference: check.reference, checkedAt: check.checkedAt, failure: null,
    });
    assert.equal(event.actor, CHECKER.subject);
    assert.doesNotMatch(JSON.stringify({ ...event, seq: String(event.seq) }), new RegExp(`${idNumber}|${name}`));

    assert.ok(await until(async () => (await t.sql`select 1 from access.audit_log where id = ${event.id}`).length === 1), 'the audit consumer appended the entry');
    const [entry] = await t.sql`select actor, action, subject, detail from access.audit_log where id = ${event.id}`;
    assert.deepEqual({ ...entry }, {
      actor: CHECKER.subject, action: 'IDENTITY_CHECKED', subject: personId,
      detail: { idNumber: maskIdNumber(idNumber), result: 'MATCH', reference: check.reference, failure: null },
    });
  });

  test('a check the service could not answer is audited too, as UPSTREAM_UNAVAILABLE', async () => {
    const { idNumber, name } = identityFixture('idcheck-down');
    await t.simulators['public-security'].control({ fail: true, failStatus: 503 });
    try {
      const error = assertError(await verify(name, idNumber), 'UPSTREAM_UNAVAILABLE');
      assert.equal(error.extensions?.agency, 'PUBLIC_SECURITY');
    } finally {
      await t.simulators['public-security'].control({ reset: true });
    }
    const [event] = await busEvents(t.sql, 'agencies.identity.checked', personIdOf(idNumber));
    assert.deepEqual({ result: event.data.result, failure: event.data.failure }, { result: null, failure: 'UPSTREAM_UNAVAILABLE' });
  });

  test('the person id is the registry\'s keyed hash of the number (PiiVault.hash), so audit entries link to Person', () => {
    assert.equal(t.agencies.services.identity.personId(REGISTERED.idNumber), personIdOf(REGISTERED.idNumber));
  });
});

test('no whole ID number or name appears in any response or any log line of the subgraph or the simulator', async () => {
  const logs = t.logs();
  assert.ok(logs.includes('identity checked'), 'the checks were logged');
  for (const { idNumber, name } of [REGISTERED, UNREGISTERED, identityFixture('idcheck-audited'), identityFixture('idcheck-down')]) {
    assert.ok(!logs.includes(idNumber), `a log line holds ${maskIdNumber(idNumber)} whole`);
    assert.ok(!logs.includes(name), 'a log line holds a checked name');
    assert.ok(!JSON.stringify(responses).includes(idNumber), 'a response holds a whole ID number');
  }
});
