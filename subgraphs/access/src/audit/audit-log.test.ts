import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertData, assertError, AUDIT_LOG, auditRows, enterpriseCaller, gatewayCaller, ISSUE, issueInput, partnerCaller, RECORD, regulator,
  REVOKE, startTestAccess, until, validUscc, VERIFY_CHAIN, type TestAccess,
} from '../testing/access-harness';

let access: TestAccess;

before(async () => {
  access = await startTestAccess();
});

after(async () => {
  await access?.stop();
});

async function auditCount(): Promise<number> {
  const [row] = await access.sql`select count(*)::int as n from access.audit_log`;
  return row.n;
}

interface Entry { seq: number; id: string; at: string; actor: string; action: string; subject: string; detail: Record<string, unknown> }

async function record(input: { action: string; actor: string; subject: string; detail?: Record<string, unknown> }) {
  assert.equal(assertData(await access.request(RECORD, { input }, gatewayCaller())).recordAudit, true);
}

describe('the audit consumer', () => {
  test('turns a registry.pii.revealed event into one PII_REVEALED entry with ids only', async () => {
    const personId = 'a'.repeat(64);
    const event = await access.publish({
      type: 'registry.pii.revealed', subject: personId, actor: 'partner-91410100MA0000001X',
      data: { subjectType: 'Person', subjectId: personId, fields: ['idNumber'] },
    });
    assert.ok(await until(async () => (await auditRows(access.sql, event.id)).length > 0), 'no audit entry appeared');
    const rows = await auditRows(access.sql, event.id);
    assert.equal(rows.length, 1);
    assert.deepEqual({ ...rows[0], seq: undefined, prev_hash: undefined, hash: undefined }, {
      seq: undefined, id: event.id, at: event.occurredAt, actor: 'partner-91410100MA0000001X', action: 'PII_REVEALED',
      subject: personId, detail: { subjectType: 'Person', fields: ['idNumber'] }, prev_hash: undefined, hash: undefined,
    });
  });

  test('appends an event delivered twice only once: by processed event id, and by entry id when that record is lost too', async () => {
    const event = await access.publish({
      type: 'registry.pii.revealed', subject: 'b'.repeat(64), actor: 'regulator-1',
      data: { subjectType: 'Person', subjectId: 'b'.repeat(64), fields: ['name', 'phone'] },
    });
    assert.ok(await until(async () => (await auditRows(access.sql, event.id)).length > 0), 'no audit entry appeared');
    const consumer = access.access.auditConsumer;
    // Drive redelivery by hand: the running loop would race the rewinds below.
    await consumer.stop();
    try {
      const entries = await auditCount();
      const rewind = () => access.sql`update access.consumer_offsets set seq = ${(event.seq - 1n).toString()} where consumer = 'audit-log'`;

      await rewind();
      assert.equal(await consumer.drain(), 0, 'a processed event reached the handler again');
      assert.ok((await consumer.offset()) >= event.seq);

      await rewind();
      await access.sql`delete from access.processed_events where consumer = 'audit-log' and event_id = ${event.id}`;
      assert.equal(await consumer.drain(), 1, 'the redelivered event did not reach the handler');
      assert.equal((await auditRows(access.sql, event.id)).length, 1);
      assert.equal(await auditCount(), entries);
    } finally {
      await consumer.start();
    }
    assert.deepEqual(assertData(await access.request(VERIFY_CHAIN, {}, regulator())).verifyAuditChain.ok, true);
  });

  test('records KEY_ISSUED and KEY_REVOKED from the key events, without the key\'s label', async () => {
    const input = issueInput({ label: '张三的测试密钥', scopes: ['credit:write'] });
    const issued = assertData(await access.request(ISSUE, { input }, regulator())).issueApiKey;
    assertData(await access.request(REVOKE, { id: issued.id }, regulator()));
    const forKey = () => access.sql`select actor, action, subject, detail from access.audit_log where subject = ${issued.id} order by seq`;
    assert.ok(await until(async () => (await forKey()).length === 2), 'the key events were not audited');
    assert.deepEqual((await forKey()).map((row) => ({ ...row })), [
      { actor: 'regulator-1', action: 'KEY_ISSUED', subject: issued.id, detail: { role: 'ENTERPRISE', uscc: input.uscc, scopes: ['credit:write'], expiresAt: null } },
      { actor: 'regulator-1', action: 'KEY_REVOKED', subject: issued.id, detail: {} },
    ]);
    const [dump] = await access.sql`select string_agg(a::text, ' ') as text from access.audit_log a`;
    assert.ok(!dump.text.includes('张三'), 'a key label reached the audit log');
  });

  test('stops with the service and catches up when it starts again', async () => {
    const consumer = access.access.auditConsumer;
    await consumer.stop();
    let event;
    try {
      event = await access.publish({
        type: 'registry.pii.revealed', subject: 'c'.repeat(64), actor: 'regulator-1',
        data: { subjectType: 'Person', subjectId: 'c'.repeat(64), fields: ['name'] },
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal((await auditRows(access.sql, event.id)).length, 0, 'a stopped consumer appended');
    } finally {
      await consumer.start();
    }
    assert.ok(await until(async () => (await auditRows(access.sql, event.id)).length === 1), 'the restarted consumer did not catch up');
  });
});

describe('recordAudit', () => {
  test('the gateway appends ACCESS_REFUSED and IDENTITY_CHECKED entries', async () => {
    const before = await auditCount();
    await record({ action: 'ACCESS_REFUSED', actor: 'key:5f0c', subject: 'Mutation.fileEnterprise', detail: { reason: 'MISSING_SCOPE', scope: 'declarations:write' } });
    await record({ action: 'IDENTITY_CHECKED', actor: 'partner-x', subject: 'd'.repeat(64) });
    assert.equal(await auditCount(), before + 2);
    const [last] = await access.sql`select actor, action, subject, detail from access.audit_log order by seq desc limit 1`;
    assert.deepEqual({ ...last }, { actor: 'partner-x', action: 'IDENTITY_CHECKED', subject: 'd'.repeat(64), detail: {} });
  });

  test('is FORBIDDEN to anyone but the gateway, regulators included, and writes nothing', async () => {
    const before = await auditCount();
    const input = { action: 'ACCESS_REFUSED', actor: 'key:1', subject: 'Query.person' };
    for (const caller of [
      regulator(), regulator(['audit:write']), enterpriseCaller(validUscc(5), ['audit:write']),
      { subject: 'gateway', role: 'REGULATOR' as const, scopes: ['keys:verify'] },
    ]) {
      assertError(await access.request(RECORD, { input }, caller), 'FORBIDDEN');
    }
    assertError(await access.request(RECORD, { input }), 'UNAUTHENTICATED');
    assert.equal(await auditCount(), before);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['an action that comes from the bus', { action: 'KEY_ISSUED' }, 'input.action'],
    ['a blank actor', { actor: '  ' }, 'input.actor'],
    ['a blank subject', { subject: '' }, 'input.subject'],
    ['a resident ID number as subject', { subject: '11010519491231002X' }, 'input.subject'],
    ['a resident ID number in detail', { detail: { query: 'person 11010519491231002X' } }, 'input.detail.query'],
    ['a mobile number in detail', { detail: { contacts: ['13812345678'] } }, 'input.detail.contacts'],
    ['a nested object in detail', { detail: { who: { name: 'x' } } }, 'input.detail.who'],
    ['a fractional number in detail', { detail: { score: 0.5 } }, 'input.detail.score'],
    ['a detail key that is not a name', { detail: { 'a b': 1 } }, 'input.detail.a b'],
  ];
  for (const [what, overrides, field] of invalid) {
    test(`${what} is BAD_USER_INPUT with field ${field} and writes nothing`, async () => {
      const before = await auditCount();
      const input = { action: 'ACCESS_REFUSED', actor: 'key:1', subject: 'Query.person', ...overrides };
      assertError(await access.request(RECORD, { input }, gatewayCaller()), 'BAD_USER_INPUT', field);
      assert.equal(await auditCount(), before);
    });
  }
});

describe('auditLog', () => {
  const actorA = 'key:filter-a';
  const actorB = 'key:filter-b';
  const made: Entry[] = [];

  before(async () => {
    for (let i = 0; i < 6; i++) {
      await record({ action: i % 3 === 2 ? 'IDENTITY_CHECKED' : 'ACCESS_REFUSED', actor: i % 2 ? actorB : actorA, subject: `subject-${i % 3}` });
    }
    const rows = await access.sql`select seq, id, at, actor, action, subject, detail from access.audit_log
      where actor in (${actorA}, ${actorB}) order by seq`;
    made.push(...rows.map((row) => ({ ...row, seq: Number(row.seq), at: row.at.toISOString() }) as Entry));
  });

  const list = async (variables: Record<string, unknown>, identity = regulator()) =>
    assertData(await access.request(AUDIT_LOG, variables, identity)).auditLog;
  const ids = (connection: { edges: { node: Entry }[] }) => connection.edges.map((edge) => edge.node.id);
  const newestFirst = (entries: Entry[]) => [...entries].sort((a, b) => b.seq - a.seq).map((entry) => entry.id);

  test('filters by actor, action and subject, newest first, with the total count', async () => {
    const byActor = await list({ filter: { actor: actorA } });
    assert.equal(byActor.totalCount, 3);
    assert.deepEqual(ids(byActor), newestFirst(made.filter((entry) => entry.actor === actorA)));

    const byAction = await list({ filter: { actor: actorB, action: 'IDENTITY_CHECKED' } });
    assert.deepEqual(ids(byAction), newestFirst(made.filter((entry) => entry.actor === actorB && entry.action === 'IDENTITY_CHECKED')));

    const bySubject = await list({ filter: { subject: 'subject-1' } });
    assert.deepEqual(ids(bySubject), newestFirst(made.filter((entry) => entry.subject === 'subject-1')));
    const node = bySubject.edges[0].node;
    assert.match(node.hash, /^[0-9a-f]{64}$/);
    assert.match(node.prevHash, /^[0-9a-f]{64}$/);
  });

  test('filters by time: from inclusive, to exclusive', async () => {
    const from = made[2].at;
    const to = made[5].at;
    const result = await list({ first: 100, filter: { from, to } });
    const expected = made.filter((entry) => entry.at >= from && entry.at < to);
    assert.ok(expected.length > 0);
    const listed = ids(result);
    for (const entry of expected) assert.ok(listed.includes(entry.id), `${entry.seq} missing`);
    for (const edge of result.edges as { node: Entry }[]) assert.ok(edge.node.at >= from && edge.node.at < to, edge.node.at);
    assertError(await access.request(AUDIT_LOG, { filter: { from: to, to: from } }, regulator()), 'BAD_USER_INPUT', 'filter.to');
  });

  test('pages with cursors, each entry exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const result = await list({ first: 2, after, filter: { actor: actorA } });
      assert.equal(result.totalCount, 3);
      assert.equal(result.pageInfo.hasNextPage, page === 0);
      seen.push(...ids(result));
      after = result.pageInfo.endCursor;
      if (!result.pageInfo.hasNextPage) break;
    }
    assert.deepEqual(seen, newestFirst(made.filter((entry) => entry.actor === actorA)));
    assertError(await access.request(AUDIT_LOG, { after: Buffer.from('audit:abc').toString('base64url') }, regulator()), 'BAD_USER_INPUT', 'after');
  });

  test('needs audit:read; a caller other than a regulator reads only its own entries', async () => {
    assertError(await access.request(AUDIT_LOG, {}, enterpriseCaller(validUscc(9), ['keys:manage'])), 'FORBIDDEN');
    assertError(await access.request(AUDIT_LOG, {}), 'UNAUTHENTICATED');
    assertError(await access.request(VERIFY_CHAIN, {}, partnerCaller(validUscc(9))), 'FORBIDDEN');
    const own = await list({ first: 100 }, { subject: actorB, role: 'PARTNER', uscc: validUscc(9), scopes: ['audit:read'] });
    assert.equal(own.totalCount, 3);
    assert.ok(own.edges.every((edge: { node: Entry }) => edge.node.actor === actorB));
    const others = await list({ filter: { actor: actorA } }, { subject: actorB, role: 'PARTNER', uscc: validUscc(9), scopes: ['audit:read'] });
    assert.equal(others.totalCount, 0);
  });
});
