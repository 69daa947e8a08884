import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  API_KEYS, assertData, assertError, busEvents, enterpriseCaller, gatewayCaller, ISSUE, issueInput, KEY_FIELDS, partnerCaller, regulator,
  REVOKE, sha256Hex, startTestAccess, validUscc, VERIFY, type IssueInputValue, type TestAccess,
} from '../testing/access-harness';

let access: TestAccess;

before(async () => {
  access = await startTestAccess();
});

after(async () => {
  await access?.stop();
});

async function issue(overrides: Partial<IssueInputValue> = {}, identity = regulator()) {
  const input = issueInput(overrides);
  const issued = assertData(await access.request(ISSUE, { input }, identity)).issueApiKey;
  return { input, issued };
}

/** Rows in access.api_keys and events on the bus, to show that a refused call wrote nothing. */
async function counts() {
  const [row] = await access.sql`
    select (select count(*)::int from access.api_keys) as keys, (select count(*)::int from bus.events) as events`;
  return { ...row };
}

const future = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('issueApiKey', () => {
  test('answers the key once as sw_ and 43 base64url characters, with its role, uscc, scopes and expiry', async () => {
    const expiresAt = future(86_400_000);
    const { input, issued } = await issue({ scopes: ['declarations:write', 'pii:read'], expiresAt });
    assert.match(issued.key, /^sw_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual({ ...issued, id: undefined, key: undefined }, {
      id: undefined, key: undefined, role: 'ENTERPRISE', uscc: input.uscc, scopes: ['declarations:write', 'pii:read'], expiresAt,
    });
    const second = await issue();
    assert.notEqual(second.issued.key, issued.key);
  });

  test('stores the SHA-256 of the key, never the key itself', async () => {
    const { issued } = await issue();
    const [row] = await access.sql`select key_hash from access.api_keys where id = ${issued.id}`;
    assert.equal(row.key_hash, sha256Hex(issued.key));
    const [dump] = await access.sql`
      select (select string_agg(k::text, ' ') from access.api_keys k) as keys,
             (select string_agg(e::text, ' ') from bus.events e) as events,
             (select string_agg(a::text, ' ') from access.audit_log a) as audit`;
    for (const [table, text] of Object.entries(dump)) assert.ok(!String(text).includes(issued.key), `the key is stored in ${table}`);
    assert.ok(!String(dump.events).includes(row.key_hash), 'the key hash is published on the bus');
    assert.ok(!access.logs().includes(issued.key), 'the key is in the log');
  });

  test('publishes access.key.issued with id, role, uscc, scopes, expiry and label, and nothing secret', async () => {
    const expiresAt = future(3_600_000);
    const { input, issued } = await issue({ role: 'PARTNER', scopes: ['credit:write'], expiresAt, label: '银行授信系统' });
    const events = await busEvents(access.sql, 'access.key.issued', issued.id);
    assert.equal(events.length, 1);
    assert.equal(events[0].actor, 'regulator-1');
    assert.deepEqual(events[0].data, {
      keyId: issued.id, role: 'PARTNER', uscc: input.uscc, scopes: ['credit:write'], expiresAt, label: '银行授信系统',
    });
  });

  test('a REGULATOR key carries no uscc; scopes and expiry may be left out', async () => {
    const issued = assertData(await access.request(ISSUE, { input: { label: '海关监管平台', role: 'REGULATOR' } }, regulator())).issueApiKey;
    assert.deepEqual({ ...issued, id: undefined, key: undefined }, { id: undefined, key: undefined, role: 'REGULATOR', uscc: null, scopes: [], expiresAt: null });
  });

  test('the label is trimmed and may be 100 characters', async () => {
    const label = '标'.repeat(100);
    const { issued } = await issue({ label: `  ${label}  ` });
    const [row] = await access.sql`select label from access.api_keys where id = ${issued.id}`;
    assert.equal(row.label, label);
  });

  const invalid: [string, Partial<IssueInputValue>, string][] = [
    ['an empty label', { label: '' }, 'input.label'],
    ['a blank label', { label: '   ' }, 'input.label'],
    ['a label of 101 characters', { label: 'x'.repeat(101) }, 'input.label'],
    ['an ENTERPRISE key without uscc', { role: 'ENTERPRISE', uscc: null }, 'input.uscc'],
    ['a PARTNER key without uscc', { role: 'PARTNER', uscc: undefined }, 'input.uscc'],
    ['a uscc with a wrong check character', { uscc: validUscc(77).slice(0, 17) + (validUscc(77).endsWith('0') ? '1' : '0') }, 'input.uscc'],
    ['a uscc of 17 characters', { uscc: validUscc(78).slice(0, 17) }, 'input.uscc'],
    ['a REGULATOR key with a uscc', { role: 'REGULATOR', uscc: validUscc(79) }, 'input.uscc'],
    ['an unknown scope', { scopes: ['pii:write'] }, 'input.scopes'],
    ['the internal scope keys:verify', { scopes: ['keys:verify'] }, 'input.scopes'],
    ['the internal scope audit:write', { scopes: ['audit:write'] }, 'input.scopes'],
    ['a scope listed twice', { scopes: ['pii:read', 'audit:read', 'pii:read'] }, 'input.scopes'],
    ['an expiry in the past', { expiresAt: new Date(Date.now() - 1000).toISOString() }, 'input.expiresAt'],
  ];
  for (const [what, overrides, field] of invalid) {
    test(`${what} is BAD_USER_INPUT with field ${field} and writes nothing`, async () => {
      const before = await counts();
      const response = await access.request(ISSUE, { input: issueInput(overrides) }, regulator());
      const error = assertError(response, 'BAD_USER_INPUT', field);
      assert.ok(error.message.startsWith(`${field}: `), error.message);
      assert.deepEqual(await counts(), before);
    });
  }
});

describe('keys:manage', () => {
  const usccA = validUscc('manager-a');
  const usccB = validUscc('manager-b');
  const manager = enterpriseCaller(usccA, ['keys:manage', 'declarations:write']);

  test('an ENTERPRISE caller without keys:manage is FORBIDDEN to issue, list and revoke, and nothing is written', async () => {
    const { issued } = await issue({ uscc: usccA });
    const before = await counts();
    const caller = enterpriseCaller(usccA, ['declarations:write', 'pii:read']);
    assertError(await access.request(ISSUE, { input: issueInput({ uscc: usccA, scopes: [] }) }, caller), 'FORBIDDEN');
    assertError(await access.request(API_KEYS, {}, caller), 'FORBIDDEN');
    assertError(await access.request(REVOKE, { id: issued.id }, caller), 'FORBIDDEN');
    assertError(await access.request(API_KEYS, {}, partnerCaller(usccB, ['audit:read'])), 'FORBIDDEN');
    assert.deepEqual(await counts(), before);
    const [row] = await access.sql`select revoked_at from access.api_keys where id = ${issued.id}`;
    assert.equal(row.revoked_at, null);
  });

  test('an anonymous caller is UNAUTHENTICATED', async () => {
    assertError(await access.request(ISSUE, { input: issueInput() }), 'UNAUTHENTICATED');
    assertError(await access.request(API_KEYS, {}), 'UNAUTHENTICATED');
  });

  test('an ENTERPRISE caller holding keys:manage issues keys for its own USCC with scopes it holds', async () => {
    const issued = assertData(await access.request(ISSUE, {
      input: issueInput({ uscc: usccA, scopes: ['declarations:write'] }),
    }, manager)).issueApiKey;
    assert.equal(issued.uscc, usccA);
    const [event] = await busEvents(access.sql, 'access.key.issued', issued.id);
    assert.equal(event.actor, manager.subject);
  });

  test('it cannot raise privileges: another role, another USCC or a scope it lacks is FORBIDDEN', async () => {
    const before = await counts();
    assertError(await access.request(ISSUE, { input: issueInput({ role: 'REGULATOR', uscc: null, scopes: [] }) }, manager), 'FORBIDDEN');
    assertError(await access.request(ISSUE, { input: issueInput({ role: 'PARTNER', uscc: usccA, scopes: [] }) }, manager), 'FORBIDDEN');
    assertError(await access.request(ISSUE, { input: issueInput({ uscc: usccB, scopes: [] }) }, manager), 'FORBIDDEN');
    assertError(await access.request(ISSUE, { input: issueInput({ uscc: usccA, scopes: ['pii:read'] }) }, manager), 'FORBIDDEN');
    assert.deepEqual(await counts(), before);
  });

  test('it lists only its own USCC\'s keys, and another enterprise\'s key is NOT_FOUND to it', async () => {
    const { issued: other } = await issue({ uscc: usccB });
    const listed = assertData(await access.request(API_KEYS, { first: 100 }, manager)).apiKeys;
    assert.ok(listed.totalCount >= 1);
    assert.ok(listed.edges.every((edge: { node: { uscc: string } }) => edge.node.uscc === usccA), JSON.stringify(listed));
    assertError(await access.request(REVOKE, { id: other.id }, manager), 'NOT_FOUND');
    const [row] = await access.sql`select revoked_at from access.api_keys where id = ${other.id}`;
    assert.equal(row.revoked_at, null);
  });
});

describe('apiKeys', () => {
  test('lists a key with its fields but never the key or its hash', async () => {
    const expiresAt = future(7 * 86_400_000);
    const { input, issued } = await issue({ scopes: ['trace:write'], expiresAt });
    const listed = assertData(await access.request(API_KEYS, { first: 100 }, regulator())).apiKeys;
    const node = listed.edges.find((edge: { node: { id: string } }) => edge.node.id === issued.id)?.node;
    assert.ok(node, 'the issued key is not listed');
    assert.equal(node.label, input.label);
    assert.deepEqual({ ...node, label: undefined, createdAt: undefined }, {
      id: issued.id, label: undefined, role: 'ENTERPRISE', uscc: input.uscc, scopes: ['trace:write'], createdAt: undefined,
      expiresAt, revokedAt: null, createdBy: 'regulator-1',
    });
    assert.ok(Math.abs(Date.parse(node.createdAt) - Date.now()) < 60_000);
    const text = JSON.stringify(listed);
    assert.ok(!text.includes(issued.key) && !text.includes(sha256Hex(issued.key)), 'the list shows a key or its hash');
  });

  test('has no field that could show the key or its hash', async () => {
    for (const field of ['key', 'keyHash', 'hash']) {
      const response = await access.request(`{ apiKeys { edges { node { id ${field} } } } }`, {}, regulator());
      assert.equal(response.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED', JSON.stringify(response));
    }
  });

  test('pages newest first with a total count, each key exactly once', async () => {
    const uscc = validUscc('paging');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await issue({ uscc, label: `分页 ${i}` })).issued.id);
    const reader = enterpriseCaller(uscc, ['keys:manage']);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const result: { totalCount: number; edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string } } =
        assertData(await access.request(API_KEYS, { first: 2, after }, reader)).apiKeys;
      assert.equal(result.totalCount, 5);
      assert.equal(result.pageInfo.hasPreviousPage, page > 0);
      assert.equal(result.pageInfo.hasNextPage, page < 2);
      seen.push(...result.edges.map((edge) => edge.node.id));
      after = result.pageInfo.endCursor;
    }
    // Newest first; keys made in the same millisecond follow by id, as the cursor does.
    const order = await access.sql`select id from access.api_keys where uscc = ${uscc} order by created_at desc, id desc`;
    assert.deepEqual(seen, order.map((row) => row.id));
    assert.deepEqual([...seen].sort(), [...ids].sort());
  });

  test('a cursor from elsewhere is BAD_USER_INPUT with field after; first above 100 with field first', async () => {
    assertError(await access.request(API_KEYS, { after: Buffer.from('enterprise:91410100MA0000001X').toString('base64url') }, regulator()), 'BAD_USER_INPUT', 'after');
    assertError(await access.request(API_KEYS, { after: Buffer.from('apikey:not-a-date|x').toString('base64url') }, regulator()), 'BAD_USER_INPUT', 'after');
    assertError(await access.request(API_KEYS, { first: 101 }, regulator()), 'BAD_USER_INPUT', 'first');
  });
});

describe('revokeApiKey', () => {
  test('sets revokedAt, publishes access.key.revoked with the key id and shows in the list', async () => {
    const { issued } = await issue();
    assert.equal(assertData(await access.request(REVOKE, { id: issued.id }, regulator())).revokeApiKey, true);
    const [row] = await access.sql`select revoked_at from access.api_keys where id = ${issued.id}`;
    assert.ok(row.revoked_at instanceof Date);
    const events = await busEvents(access.sql, 'access.key.revoked', issued.id);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].data, { keyId: issued.id });
    assert.equal(events[0].actor, 'regulator-1');
    const listed = assertData(await access.request(API_KEYS, { first: 100 }, regulator())).apiKeys;
    const node = listed.edges.find((edge: { node: { id: string } }) => edge.node.id === issued.id).node;
    assert.equal(node.revokedAt, row.revoked_at.toISOString());
  });

  test('revoking twice answers true again, keeps the first revokedAt and publishes no second event', async () => {
    const { issued } = await issue();
    assertData(await access.request(REVOKE, { id: issued.id }, regulator()));
    const [first] = await access.sql`select revoked_at from access.api_keys where id = ${issued.id}`;
    const before = await counts();
    assert.equal(assertData(await access.request(REVOKE, { id: issued.id }, regulator())).revokeApiKey, true);
    assert.deepEqual(await counts(), before);
    const [second] = await access.sql`select revoked_at from access.api_keys where id = ${issued.id}`;
    assert.deepEqual(second.revoked_at, first.revoked_at);
    assert.equal((await busEvents(access.sql, 'access.key.revoked', issued.id)).length, 1);
  });

  test('an unknown id is NOT_FOUND; a malformed one is BAD_USER_INPUT with field id', async () => {
    assertError(await access.request(REVOKE, { id: '00000000-0000-4000-8000-000000000000' }, regulator()), 'NOT_FOUND');
    assertError(await access.request(REVOKE, { id: 'not-a-key-id' }, regulator()), 'BAD_USER_INPUT', 'id');
  });
});

describe('verifyApiKey', () => {
  test('the gateway looks a key up by its SHA-256 and gets its role, uscc and scopes', async () => {
    const { input, issued } = await issue({ role: 'PARTNER', scopes: ['credit:write', 'audit:read'] });
    const verified = assertData(await access.request(VERIFY, { keyHash: sha256Hex(issued.key) }, gatewayCaller())).verifyApiKey;
    assert.deepEqual(verified, {
      id: issued.id, role: 'PARTNER', uscc: input.uscc, scopes: ['credit:write', 'audit:read'], expiresAt: null, revokedAt: null,
    });
  });

  test('an unknown hash is null; a malformed one is BAD_USER_INPUT with field keyHash', async () => {
    assert.equal(assertData(await access.request(VERIFY, { keyHash: sha256Hex('sw_unknown') }, gatewayCaller())).verifyApiKey, null);
    assertError(await access.request(VERIFY, { keyHash: 'sw_plain_key' }, gatewayCaller()), 'BAD_USER_INPUT', 'keyHash');
  });

  test('shows an expired key\'s expiresAt and a revoked key\'s revokedAt, so the gateway refuses them', async () => {
    const expiring = await issue({ expiresAt: future(60_000) });
    await access.sql`update access.api_keys set expires_at = now() - interval '1 minute' where id = ${expiring.issued.id}`;
    const expired = assertData(await access.request(VERIFY, { keyHash: sha256Hex(expiring.issued.key) }, gatewayCaller())).verifyApiKey;
    assert.ok(Date.parse(expired.expiresAt) < Date.now(), JSON.stringify(expired));
    assert.equal(expired.revokedAt, null);

    const revoking = await issue();
    assertData(await access.request(REVOKE, { id: revoking.issued.id }, regulator()));
    const revoked = assertData(await access.request(VERIFY, { keyHash: sha256Hex(revoking.issued.key) }, gatewayCaller())).verifyApiKey;
    assert.ok(Date.parse(revoked.revokedAt) <= Date.now(), JSON.stringify(revoked));
  });

  test('is FORBIDDEN to anyone but the gateway: a regulator, even one listing keys:verify, and a caller named gateway without the scope', async () => {
    const { issued } = await issue();
    const keyHash = sha256Hex(issued.key);
    const callers = [
      regulator(),
      regulator(['keys:verify', 'audit:write']),
      enterpriseCaller(validUscc(1), ['keys:verify']),
      { subject: 'gateway', role: 'REGULATOR' as const, scopes: ['audit:write'] },
      { subject: 'gateway-2', role: 'REGULATOR' as const, scopes: ['keys:verify'] },
    ];
    for (const caller of callers) {
      const response = await access.request(VERIFY, { keyHash }, caller);
      assertError(response, 'FORBIDDEN');
      assert.ok(!JSON.stringify(response).includes(issued.id), JSON.stringify(caller));
    }
    assertError(await access.request(VERIFY, { keyHash }), 'UNAUTHENTICATED');
  });
});

describe('ApiKey references', () => {
  const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ApiKey { ${KEY_FIELDS} } } }`;

  test('N references cost one SQL query and resolve in order, unknown and malformed ids to null', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await issue({ label: `引用 ${i}` })).issued.id);
    const wanted = [...ids.slice(4), '00000000-0000-4000-8000-000000000000', 'not-a-uuid', ...ids.slice(0, 4)];
    access.queries.reset();
    const data = assertData(await access.request(ENTITIES, { r: wanted.map((id) => ({ __typename: 'ApiKey', id })) }, regulator()));
    assert.equal(access.queries.count, 1, access.queries.statements.join('\n'));
    assert.deepEqual(data._entities.map((key: { id: string } | null) => key?.id ?? null), [...ids.slice(4), null, null, ...ids.slice(0, 4)]);
  });

  test('need keys:manage, and show another enterprise\'s key as null to an enterprise', async () => {
    const { issued } = await issue({ uscc: validUscc('ref-owner') });
    const representations = [{ __typename: 'ApiKey', id: issued.id }];
    const refused = await access.request(ENTITIES, { r: representations }, enterpriseCaller(validUscc('ref-owner')));
    assert.equal(refused.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(refused));
    const other = assertData(await access.request(ENTITIES, { r: representations }, enterpriseCaller(validUscc('ref-other'), ['keys:manage'])));
    assert.deepEqual(other._entities, [null]);
    const own = assertData(await access.request(ENTITIES, { r: representations }, enterpriseCaller(validUscc('ref-owner'), ['keys:manage'])));
    assert.equal(own._entities[0].id, issued.id);
  });
});
