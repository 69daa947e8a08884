import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  assertData, assertError, enterpriseCaller, gatewayCaller, ISSUE, issueInput, RECORD, regulator, startTestAccess, until, validUscc,
  VERIFY_CHAIN, type TestAccess,
} from '../testing/access-harness';
import { canonicalJson, entryHash, GENESIS_HASH } from './audit.chain';

describe('the chain format', () => {
  test('canonical JSON sorts keys at every level, keeps list order and leaves out undefined', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, u: undefined }),
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
    assert.equal(canonicalJson({ 主体: '张', a: 'é' }), '{"a":"é","主体":"张"}');
  });

  test('an entry hashes as sha256 of the previous hash and the canonical JSON of its other fields', () => {
    const entry = {
      seq: 7n, id: '6f1c1f4e-3a0b-4c89-9a57-2d0f6f2b9e01', at: new Date('2025-11-25T08:00:00.123Z'), actor: 'gateway',
      action: 'ACCESS_REFUSED', subject: 'Query.person', detail: { scope: 'pii:read', reason: 'MISSING_SCOPE' },
    };
    const text = GENESIS_HASH + '{"action":"ACCESS_REFUSED","actor":"gateway","at":"2025-11-25T08:00:00.123Z",'
      + '"detail":{"reason":"MISSING_SCOPE","scope":"pii:read"},"id":"6f1c1f4e-3a0b-4c89-9a57-2d0f6f2b9e01","seq":"7","subject":"Query.person"}';
    assert.equal(entryHash(GENESIS_HASH, entry), createHash('sha256').update(text, 'utf8').digest('hex'));
    assert.notEqual(entryHash(GENESIS_HASH, { ...entry, seq: 8n }), entryHash(GENESIS_HASH, entry));
    assert.notEqual(entryHash('1'.repeat(64), entry), entryHash(GENESIS_HASH, entry));
  });
});

describe('the audit chain', () => {
  let access: TestAccess;

  before(async () => {
    access = await startTestAccess();
  });

  after(async () => {
    await access?.stop();
  });

  const check = async () => assertData(await access.request(VERIFY_CHAIN, {}, regulator())).verifyAuditChain;
  const count = async () => Number((await access.sql`select count(*) as n from access.audit_log`)[0].n);
  const recordAudit = (i: number) => access.request(RECORD, {
    input: { action: 'ACCESS_REFUSED', actor: `key:concurrent-${i}`, subject: 'Query.auditLog', detail: { reason: 'MISSING_SCOPE', attempt: i } },
  }, gatewayCaller());

  test('an empty log is a valid chain of no entries', async () => {
    assert.deepEqual(await check(), { ok: true, entries: 0, firstBrokenSeq: null });
  });

  test('the first entry links to the genesis hash and every next one to the hash before it', async () => {
    for (let i = 0; i < 3; i++) assertData(await recordAudit(i));
    const rows = await access.sql`select seq, prev_hash, hash, lag(hash) over (order by seq) as before from access.audit_log order by seq`;
    assert.equal(rows[0].prev_hash, GENESIS_HASH);
    for (const row of rows.slice(1)) assert.equal(row.prev_hash, row.before);
    assert.deepEqual(await check(), { ok: true, entries: 3, firstBrokenSeq: null });
  });

  test('20 concurrent recordAudit calls, with key issues audited meanwhile, leave one linear valid chain', async () => {
    const before = await count();
    const keys = Array.from({ length: 5 }, () => access.request(ISSUE, { input: issueInput() }, regulator()));
    const records = Array.from({ length: 20 }, (_, i) => recordAudit(100 + i));
    for (const response of await Promise.all([...records, ...keys])) assertData(response);
    assert.ok(await until(async () => (await count()) === before + 25), `expected ${before + 25} entries, have ${await count()}`);
    const links = await access.sql`
      select count(*)::int as broken from (
        select prev_hash, lag(hash) over (order by seq) as before, seq from access.audit_log) chain
      where seq > (select min(seq) from access.audit_log) and prev_hash is distinct from before`;
    assert.equal(links[0].broken, 0);
    const [forks] = await access.sql`select count(*)::int as n from (select prev_hash from access.audit_log group by prev_hash having count(*) > 1) f`;
    assert.equal(forks.n, 0, 'two entries link to the same previous entry');
    assert.deepEqual(await check(), { ok: true, entries: before + 25, firstBrokenSeq: null });
  });

  test('the table refuses update, delete and truncate', async () => {
    await assert.rejects(access.sql`update access.audit_log set actor = 'someone-else'`, /append-only/);
    await assert.rejects(access.sql`delete from access.audit_log`, /append-only/);
    await assert.rejects(access.sql`truncate access.audit_log`, /append-only/);
    assert.equal((await check()).ok, true);
  });

  test('needs audit:read', async () => {
    assertError(await access.request(VERIFY_CHAIN, {}, enterpriseCaller(validUscc(3), ['keys:manage'])), 'FORBIDDEN');
    assertError(await access.request(VERIFY_CHAIN, {}), 'UNAUTHENTICATED');
    assert.equal(assertData(await access.request(VERIFY_CHAIN, {}, enterpriseCaller(validUscc(3), ['audit:read']))).verifyAuditChain.ok, true);
  });

  // Last: it breaks the chain of this file's database for good.
  test('an entry changed behind the trigger\'s back is reported as the first broken seq', async () => {
    const entries = await count();
    const [target] = await access.sql`select seq from access.audit_log order by seq offset 4 limit 1`;
    // As the table's owner, and only for this transaction: what an intruder with DDL rights could do.
    await access.sql.begin(async (tx) => {
      await tx`alter table access.audit_log disable trigger audit_log_append_only`;
      await tx`update access.audit_log set detail = ${tx.json({ reason: 'NOTHING_TO_SEE' })} where seq = ${target.seq}`;
      await tx`alter table access.audit_log enable trigger audit_log_append_only`;
    });
    assert.deepEqual(await check(), { ok: false, entries, firstBrokenSeq: Number(target.seq) });
    await assert.rejects(access.sql`update access.audit_log set detail = '{}' where seq = ${target.seq}`, /append-only/);
  });
});
