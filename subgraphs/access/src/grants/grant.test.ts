import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DATA_SCOPES } from '@sw/kernel';
import {
  ACCESS_LOG_OF, assertData, assertError, auditRows, busEvents, enterpriseCaller, GRANT, grantInput, GRANTS_OF, partnerCaller, regulator,
  REVOKE_GRANT, startTestAccess, validUscc, type GrantInputValue, type TestAccess,
} from '../testing/access-harness';
import { DataScope } from './grant.enums';

let access: TestAccess;
const OWNER = validUscc('grant-owner');
const BANK = validUscc('grant-bank');
const INSURER = validUscc('grant-insurer');
const OTHER = validUscc('grant-other');
const UNFILED = validUscc('grant-unfiled');
const CLOSED = validUscc('grant-closed');

const owner = enterpriseCaller(OWNER);
const hour = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();

before(async () => {
  access = await startTestAccess();
  await access.file(OWNER, ['ECOMMERCE_ENTERPRISE']);
  await access.file(BANK, ['BANK']);
  await access.file(INSURER, ['INSURER']);
  await access.file(OTHER, ['ECOMMERCE_ENTERPRISE']);
  await access.file(CLOSED, ['PAYMENT']);
  await access.publish({ type: 'registry.enterprise.revoked', subject: CLOSED, actor: 'test', data: { uscc: CLOSED, customsCode: null, reason: 'x', filingStatus: 'REVOKED' } });
  await access.settle();
});

after(async () => {
  await access?.stop();
});

async function give(overrides: Partial<GrantInputValue> = {}, identity = owner) {
  const input = grantInput(OWNER, BANK, overrides);
  return assertData(await access.request(GRANT, { input }, identity)).grantDataAccess;
}

/** Grants and events, to show that a refused call wrote nothing. */
async function counts() {
  const [row] = await access.sql`
    select (select count(*)::int from access.data_access_grants) as grants, (select count(*)::int from bus.events) as events`;
  return { ...row };
}

const grantsOf = async (uscc: string, identity = regulator()) =>
  access.request(GRANTS_OF, { r: [{ __typename: 'Enterprise', uscc }] }, identity);

test('the GraphQL DataScope has exactly the kernel\'s scopes', () => {
  assert.deepEqual(Object.values(DataScope), [...DATA_SCOPES]);
});

describe('grantDataAccess', () => {
  test('the enterprise grants a filed partner scopes until a time; the grant is live and answered whole', async () => {
    const until = hour(24);
    const grant = await give({ scopes: ['CREDIT', 'RISK'], until });
    assert.deepEqual({ ...grant, id: undefined, createdAt: undefined }, {
      id: undefined, createdAt: undefined, uscc: OWNER, partnerUscc: BANK, partner: { uscc: BANK }, scopes: ['CREDIT', 'RISK'], until,
      revokedAt: null, live: true,
    });
    const [row] = await access.sql`select uscc, partner_uscc, scopes, created_by from access.data_access_grants where id = ${grant.id}`;
    assert.deepEqual({ ...row }, { uscc: OWNER, partner_uscc: BANK, scopes: ['CREDIT', 'RISK'], created_by: owner.subject });
  });

  test('publishes access.grant.given with grantId, uscc, partnerUscc, scopes and until, and the audit log records it', async () => {
    const until = hour(2);
    const grant = await give({ scopes: ['TAX'], until });
    const events = await busEvents(access.sql, 'access.grant.given', grant.id);
    assert.equal(events.length, 1);
    assert.equal(events[0].actor, owner.subject);
    assert.deepEqual(events[0].data, { grantId: grant.id, uscc: OWNER, partnerUscc: BANK, scopes: ['TAX'], until });
    await access.settle();
    const [entry] = await auditRows(access.sql, events[0].id);
    assert.equal(entry.action, 'GRANT_GIVEN');
    assert.equal(entry.subject, grant.id);
    assert.deepEqual(entry.detail, { uscc: OWNER, partnerUscc: BANK, scopes: ['TAX'], until });
  });

  test('a regulator grants for any enterprise', async () => {
    const grant = await give({ scopes: ['DECLARATIONS'] }, regulator());
    assert.equal(grant.uscc, OWNER);
  });

  test('another enterprise cannot grant on behalf of this one, nor can a partner: FORBIDDEN, nothing written', async () => {
    const before = await counts();
    const input = grantInput(OWNER, BANK);
    assertError(await access.request(GRANT, { input }, enterpriseCaller(OTHER)), 'FORBIDDEN');
    assertError(await access.request(GRANT, { input }, partnerCaller(BANK)), 'FORBIDDEN');
    assertError(await access.request(GRANT, { input }, partnerCaller(OWNER)), 'FORBIDDEN');
    assertError(await access.request(GRANT, { input }, enterpriseCaller(BANK)), 'FORBIDDEN');
    assert.deepEqual(await counts(), before);
  });

  test('an anonymous caller is UNAUTHENTICATED', async () => {
    assertError(await access.request(GRANT, { input: grantInput(OWNER, BANK) }), 'UNAUTHENTICATED');
  });

  const wrongCheck = (uscc: string) => uscc.slice(0, 17) + (uscc.endsWith('0') ? '1' : '0');
  const invalid: [string, Partial<GrantInputValue>, string][] = [
    ['a uscc with a wrong check character', { uscc: wrongCheck(OWNER) }, 'input.uscc'],
    ['a partnerUscc of 17 characters', { partnerUscc: BANK.slice(0, 17) }, 'input.partnerUscc'],
    ['a partnerUscc with a wrong check character', { partnerUscc: wrongCheck(BANK) }, 'input.partnerUscc'],
    ['the enterprise itself as partner', { partnerUscc: OWNER }, 'input.partnerUscc'],
    ['no scopes', { scopes: [] }, 'input.scopes'],
    ['a scope listed twice', { scopes: ['CREDIT', 'TAX', 'CREDIT'] }, 'input.scopes'],
    ['until in the past', { until: new Date(Date.now() - 1000).toISOString() }, 'input.until'],
    ['a partner that is not filed', { partnerUscc: UNFILED }, 'input.partnerUscc'],
    ['a partner whose filing is revoked', { partnerUscc: CLOSED }, 'input.partnerUscc'],
  ];
  for (const [what, overrides, field] of invalid) {
    test(`${what} is BAD_USER_INPUT with field ${field} and writes nothing`, async () => {
      const before = await counts();
      const response = await access.request(GRANT, { input: grantInput(OWNER, BANK, overrides) }, overrides.uscc ? regulator() : owner);
      const error = assertError(response, 'BAD_USER_INPUT', field);
      assert.ok(error.message.startsWith(`${field}: `), error.message);
      assert.deepEqual(await counts(), before);
    });
  }

  test('a grant of an enterprise that is not filed is BAD_USER_INPUT at input.uscc', async () => {
    assertError(await access.request(GRANT, { input: grantInput(UNFILED, BANK) }, regulator()), 'BAD_USER_INPUT', 'input.uscc');
  });

  test('an unknown scope is refused by the schema', async () => {
    const response = await access.request(GRANT, { input: grantInput(OWNER, BANK, { scopes: ['EVERYTHING'] }) }, owner);
    assert.ok(response.errors?.length, JSON.stringify(response));
  });
});

describe('revokeDataAccess', () => {
  test('the enterprise revokes its grant once: revokedAt is set, one event is published, a second revoke changes nothing', async () => {
    const grant = await give({ scopes: ['CREDIT'] });
    const revoked = assertData(await access.request(REVOKE_GRANT, { id: grant.id }, owner)).revokeDataAccess;
    assert.equal(revoked.live, false);
    assert.ok(revoked.revokedAt);
    const events = await busEvents(access.sql, 'access.grant.revoked', grant.id);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].data, {
      grantId: grant.id, uscc: OWNER, partnerUscc: BANK, scopes: ['CREDIT'], until: grant.until, revokedAt: revoked.revokedAt,
    });
    const again = assertData(await access.request(REVOKE_GRANT, { id: grant.id }, owner)).revokeDataAccess;
    assert.equal(again.revokedAt, revoked.revokedAt);
    assert.equal((await busEvents(access.sql, 'access.grant.revoked', grant.id)).length, 1);
    await access.settle();
    const [entry] = await auditRows(access.sql, events[0].id);
    assert.equal(entry.action, 'GRANT_REVOKED');
  });

  test('a regulator revokes any grant', async () => {
    const grant = await give();
    assert.ok(assertData(await access.request(REVOKE_GRANT, { id: grant.id }, regulator())).revokeDataAccess.revokedAt);
  });

  test('another enterprise gets NOT_FOUND, the partner FORBIDDEN, and the grant stays live', async () => {
    const grant = await give();
    assertError(await access.request(REVOKE_GRANT, { id: grant.id }, enterpriseCaller(OTHER)), 'NOT_FOUND');
    assertError(await access.request(REVOKE_GRANT, { id: grant.id }, partnerCaller(BANK)), 'FORBIDDEN');
    const [row] = await access.sql`select revoked_at from access.data_access_grants where id = ${grant.id}`;
    assert.equal(row.revoked_at, null);
  });

  test('an unknown id is NOT_FOUND and a malformed one BAD_USER_INPUT at id', async () => {
    assertError(await access.request(REVOKE_GRANT, { id: '00000000-0000-4000-8000-000000000000' }, regulator()), 'NOT_FOUND');
    assertError(await access.request(REVOKE_GRANT, { id: 'grant-1' }, regulator()), 'BAD_USER_INPUT', 'id');
  });
});

describe('Enterprise.dataAccessGrants', () => {
  const GIVER = validUscc('grants-listed');
  let ids: string[];

  before(async () => {
    await access.file(GIVER, ['ECOMMERCE_ENTERPRISE']);
    const giver = enterpriseCaller(GIVER);
    const toBank = assertData(await access.request(GRANT, { input: grantInput(GIVER, BANK, { scopes: ['CREDIT'] }) }, giver)).grantDataAccess;
    const toInsurer = assertData(await access.request(GRANT, { input: grantInput(GIVER, INSURER, { scopes: ['RISK'] }) }, giver)).grantDataAccess;
    const expired = assertData(await access.request(GRANT, { input: grantInput(GIVER, BANK, { scopes: ['TAX'] }) }, giver)).grantDataAccess;
    await access.sql`update access.data_access_grants set until = now() - interval '1 minute' where id = ${expired.id}`;
    assertData(await access.request(REVOKE_GRANT, { id: toInsurer.id }, giver));
    ids = [expired.id, toInsurer.id, toBank.id];
  });

  test('the enterprise sees every grant it gave, newest first, revoked and expired ones not live', async () => {
    const data = assertData(await grantsOf(GIVER, enterpriseCaller(GIVER)));
    const grants = data._entities[0].dataAccessGrants;
    assert.deepEqual(grants.map((grant: { id: string }) => grant.id), ids);
    assert.deepEqual(grants.map((grant: { live: boolean }) => grant.live), [false, false, true]);
    assert.deepEqual(assertData(await grantsOf(GIVER))._entities[0].dataAccessGrants.length, 3);
  });

  test('a partner sees only the grants given to it; another enterprise is FORBIDDEN', async () => {
    const seen = assertData(await grantsOf(GIVER, partnerCaller(INSURER)))._entities[0].dataAccessGrants;
    assert.deepEqual(seen.map((grant: { id: string }) => grant.id), [ids[1]]);
    assertError(await grantsOf(GIVER, enterpriseCaller(OTHER)), 'FORBIDDEN');
  });

  test('the grants of several enterprises load in one query', async () => {
    access.queries.reset();
    const response = await access.request(GRANTS_OF, { r: [OWNER, GIVER, OTHER].map((uscc) => ({ __typename: 'Enterprise', uscc })) }, regulator());
    assertData(response);
    assert.equal(access.queries.count, 1, access.queries.statements.join('\n'));
  });
});

describe('Enterprise.dataAccessLog', () => {
  const READ = validUscc('grants-read');

  before(async () => {
    await access.file(READ, ['ECOMMERCE_ENTERPRISE']);
    for (const [scope, what, requestId] of [['CREDIT', ['credit factors', 'credit score'], 'req-1'], ['RISK', ['credit riskClass'], 'req-1'], ['TAX', ['the tax profile'], 'req-2']]) {
      await access.publish({
        type: 'access.grant.used', subject: READ, actor: `partner-${BANK}`, data: { partnerUscc: BANK, uscc: READ, scope, what, requestId },
      });
    }
    await access.settle();
  });

  const logOf = (uscc: string, identity = regulator(), first?: number, after?: string) =>
    access.request(ACCESS_LOG_OF, { r: [{ __typename: 'Enterprise', uscc }], first, after }, identity);

  test('every read under a grant is an entry, newest first: partner, scope, what, when, request', async () => {
    const log = assertData(await logOf(READ, enterpriseCaller(READ)))._entities[0].dataAccessLog;
    assert.equal(log.totalCount, 3);
    assert.deepEqual(log.edges.map(({ node }: { node: Record<string, unknown> }) => ({ ...node, id: undefined, at: undefined })), [
      { id: undefined, at: undefined, partnerUscc: BANK, partner: { uscc: BANK }, scope: 'TAX', what: ['the tax profile'], requestId: 'req-2' },
      { id: undefined, at: undefined, partnerUscc: BANK, partner: { uscc: BANK }, scope: 'RISK', what: ['credit riskClass'], requestId: 'req-1' },
      { id: undefined, at: undefined, partnerUscc: BANK, partner: { uscc: BANK }, scope: 'CREDIT', what: ['credit factors', 'credit score'], requestId: 'req-1' },
    ]);
  });

  test('each entry is in the audit log too, by the event\'s id', async () => {
    const [event] = await busEvents(access.sql, 'access.grant.used', READ);
    const [entry] = await auditRows(access.sql, event.id);
    assert.equal(entry.action, 'GRANT_USED');
    assert.equal(entry.subject, READ);
    assert.deepEqual(entry.detail, { partnerUscc: BANK, scope: 'CREDIT', what: ['credit factors', 'credit score'], requestId: 'req-1' });
    const [log] = await access.sql`select id from access.data_access_log where id = ${event.id}`;
    assert.ok(log);
  });

  test('pages follow endCursor', async () => {
    const first = assertData(await logOf(READ, regulator(), 2))._entities[0].dataAccessLog;
    assert.equal(first.edges.length, 2);
    assert.equal(first.pageInfo.hasNextPage, true);
    const second = assertData(await logOf(READ, regulator(), 2, first.pageInfo.endCursor))._entities[0].dataAccessLog;
    assert.deepEqual(second.edges.map(({ node }: { node: { scope: string } }) => node.scope), ['CREDIT']);
    assert.equal(second.pageInfo.hasNextPage, false);
  });

  test('the partner and other enterprises are FORBIDDEN', async () => {
    assertError(await logOf(READ, partnerCaller(BANK)), 'FORBIDDEN');
    assertError(await logOf(READ, enterpriseCaller(OTHER)), 'FORBIDDEN');
  });

  test('the access log is append-only', async () => {
    await assert.rejects(access.sql`update access.data_access_log set scope = 'TAX'`, /append-only/);
    await assert.rejects(access.sql`delete from access.data_access_log`, /append-only/);
  });
});
