import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { busMigrations, consumerTablesSql, grantTablesSql } from '@sw/migrations';
import type { Identity, RequestContext } from '../context';
import { createDataSource, createSql, type Sql } from '../db/database';
import { runMigrations } from '../db/migrate';
import { Loaders } from '../loaders';
import type { BusConsumer } from '../bus/consumer';
import type { BusEvent, NewEvent } from '../bus/event';
import { publish } from '../bus/publish';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { usccCheckCharacter } from '../validation/uscc';
import { grantConsumer, GrantProjection, PartnerGrants, type DataScope } from './grants';

const uscc = (body: string) => `91410100MA${body}${usccCheckCharacter(`91410100MA${body}`)}`;
const OWNER = uscc('4GRNT01');
const BANK = uscc('4GRNT02');
const INSURER = uscc('4GRNT03');

let db: TestDatabase;
let sql: Sql;
let ds: DataSource;
let consumer: BusConsumer;
const SCHEMA = 'grants_test';

before(async () => {
  db = await createTestDatabase();
  await runMigrations(db.url, [busMigrations]);
  sql = createSql(db.url, 6);
  await sql.unsafe(`create schema ${SCHEMA}`);
  for (const statement of [...consumerTablesSql(SCHEMA), ...grantTablesSql(SCHEMA)]) await sql.unsafe(statement);
  ds = createDataSource({ url: db.url, schema: SCHEMA, entities: [] });
  await ds.initialize();
  consumer = grantConsumer(sql, SCHEMA, { pollMs: 50 });
  await consumer.start();
});

after(async () => {
  await consumer?.stop();
  await ds?.destroy();
  await sql?.end({ timeout: 5 });
  await db?.drop();
});

const partner = (of: string): Identity => ({ subject: `partner-${of}`, role: 'PARTNER', uscc: of, scopes: [] });
const enterprise = (of: string): Identity => ({ subject: `enterprise-${of}`, role: 'ENTERPRISE', uscc: of, scopes: [] });
const regulator: Identity = { subject: 'regulator-1', role: 'REGULATOR', scopes: [] };
const contextOf = (identity?: Identity, requestId: string = randomUUID()): RequestContext => ({ requestId, identity, lang: 'en', loaders: new Loaders() });

function grantEvent(type: 'access.grant.given' | 'access.grant.revoked', grantId: string, scopes: DataScope[], until: Date, partnerUscc = BANK): NewEvent {
  const data: Record<string, unknown> = { grantId, uscc: OWNER, partnerUscc, scopes, until: until.toISOString() };
  if (type === 'access.grant.revoked') data.revokedAt = new Date().toISOString();
  return { type, subject: grantId, actor: 'test', data };
}

async function published(event: NewEvent): Promise<BusEvent> {
  return ds.transaction((manager) => publish(manager, event));
}

/** Waits until the grant consumer has processed everything on the bus up to now. */
async function settle(): Promise<void> {
  const [{ seq }] = await sql`select coalesce(max(seq), 0) as seq from bus.events`;
  for (let i = 0; i < 400; i++) {
    if ((await consumer.offset()) >= BigInt(seq)) return;
    await sleep(25);
  }
  assert.fail('the grant consumer did not catch up');
}

const usedEvents = async (requestId: string) =>
  (await sql`select subject, actor, data from bus.events where type = 'access.grant.used' and data->>'requestId' = ${requestId} order by seq`)
    .map((row) => ({ ...row }));

const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000);

describe('GrantProjection', () => {
  test('a given grant becomes a live row; a redelivery changes nothing; a revocation ends it', async () => {
    const grantId = randomUUID();
    const until = inHours(1);
    await published(grantEvent('access.grant.given', grantId, ['CREDIT', 'RISK'], until));
    await settle();
    const [row] = await sql`select uscc, partner_uscc, scopes, until, revoked_at from ${sql(SCHEMA)}.partner_grants where grant_id = ${grantId}`;
    assert.deepEqual({ ...row }, { uscc: OWNER, partner_uscc: BANK, scopes: ['CREDIT', 'RISK'], until, revoked_at: null });

    const projection = new GrantProjection(SCHEMA);
    const [again] = await sql`select id, seq, type, subject, actor, occurred_at as "occurredAt", data from bus.events where subject = ${grantId}`;
    await sql.begin((tx) => projection.handle({ ...again, seq: BigInt(again.seq) } as unknown as BusEvent, tx));
    assert.equal((await sql`select count(*)::int as n from ${sql(SCHEMA)}.partner_grants where grant_id = ${grantId}`)[0].n, 1);

    await published(grantEvent('access.grant.revoked', grantId, ['CREDIT', 'RISK'], until));
    await settle();
    const [revoked] = await sql`select revoked_at from ${sql(SCHEMA)}.partner_grants where grant_id = ${grantId}`;
    assert.ok(revoked.revoked_at instanceof Date);
  });

  test('a revocation that arrives first still holds when the grant arrives after it', async () => {
    const grantId = randomUUID();
    const projection = new GrantProjection(SCHEMA);
    const base = { id: randomUUID(), actor: 'test', occurredAt: new Date() };
    const revoked = grantEvent('access.grant.revoked', grantId, ['TAX'], inHours(1));
    const given = grantEvent('access.grant.given', grantId, ['TAX'], inHours(1));
    await sql.begin((tx) => projection.handle({ ...base, ...revoked, seq: 1_000_002n }, tx));
    await sql.begin((tx) => projection.handle({ ...base, ...given, id: randomUUID(), seq: 1_000_001n }, tx));
    const [row] = await sql`select revoked_at, last_event_seq from ${sql(SCHEMA)}.partner_grants where grant_id = ${grantId}`;
    assert.ok(row.revoked_at instanceof Date);
    assert.equal(BigInt(row.last_event_seq), 1_000_002n);
  });

  test('an event without a valid grant is ignored', async () => {
    const projection = new GrantProjection(SCHEMA);
    const before = (await sql`select count(*)::int as n from ${sql(SCHEMA)}.partner_grants`)[0].n;
    await sql.begin((tx) => projection.handle({
      id: randomUUID(), seq: 1n, type: 'access.grant.given', subject: 'x', actor: 'test', occurredAt: new Date(),
      data: { grantId: 'not-a-uuid', uscc: OWNER, partnerUscc: BANK, scopes: ['CREDIT'], until: inHours(1).toISOString() },
    }, tx));
    assert.equal((await sql`select count(*)::int as n from ${sql(SCHEMA)}.partner_grants`)[0].n, before);
  });
});

describe('PartnerGrants', () => {
  const grants = () => new PartnerGrants(sql, SCHEMA);
  const PAIR_OWNER = uscc('4GRNT11');

  before(async () => {
    const give = (scopes: DataScope[], until: Date, partnerUscc = BANK) =>
      published({ type: 'access.grant.given', subject: 'g', actor: 'test', data: { grantId: randomUUID(), uscc: PAIR_OWNER, partnerUscc, scopes, until: until.toISOString() } });
    await give(['CREDIT'], inHours(1));
    await give(['CREDIT', 'TAX'], inHours(2));
    await give(['RISK'], new Date(Date.now() + 300));
    await give(['REBATE'], inHours(1), INSURER);
    const revokedId = randomUUID();
    await published({ type: 'access.grant.given', subject: revokedId, actor: 'test', data: { grantId: revokedId, uscc: PAIR_OWNER, partnerUscc: BANK, scopes: ['DECLARATIONS'], until: inHours(1).toISOString() } });
    await published({ type: 'access.grant.revoked', subject: revokedId, actor: 'test', data: { grantId: revokedId, uscc: PAIR_OWNER, partnerUscc: BANK, scopes: ['DECLARATIONS'], until: inHours(1).toISOString(), revokedAt: new Date().toISOString() } });
    await settle();
    await sleep(350);
  });

  test('liveGrantScopes is the union of the live grants of each pair: expired and revoked ones do not count', async () => {
    const context = contextOf(partner(BANK));
    const reader = grants();
    const [bank, insurer, nobody] = await Promise.all([
      reader.scopesOf(context, BANK, PAIR_OWNER), reader.scopesOf(context, INSURER, PAIR_OWNER), reader.scopesOf(context, OWNER, PAIR_OWNER),
    ]);
    assert.deepEqual(bank, ['CREDIT', 'TAX']);
    assert.deepEqual(insurer, ['REBATE']);
    assert.deepEqual(nobody, []);
  });

  test('a partner with the scope reads, and the reads of one tick are published as one event per scope, each field once', async () => {
    const context = contextOf(partner(BANK), 'req-kernel-1');
    const reader = grants();
    await Promise.all([
      reader.assertMayRead(context, PAIR_OWNER, 'CREDIT', 'credit score'),
      reader.assertMayRead(context, PAIR_OWNER, 'CREDIT', 'credit factors'),
      reader.assertMayRead(context, PAIR_OWNER, 'CREDIT', 'credit score'),
      reader.assertMayRead(context, PAIR_OWNER, 'TAX', 'the tax profile'),
    ]);
    assert.deepEqual(await usedEvents('req-kernel-1'), [
      { subject: PAIR_OWNER, actor: `partner-${BANK}`, data: { partnerUscc: BANK, uscc: PAIR_OWNER, scope: 'CREDIT', what: ['credit factors', 'credit score'], requestId: 'req-kernel-1' } },
      { subject: PAIR_OWNER, actor: `partner-${BANK}`, data: { partnerUscc: BANK, uscc: PAIR_OWNER, scope: 'TAX', what: ['the tax profile'], requestId: 'req-kernel-1' } },
    ]);
  });

  test('a partner without the scope, or whose grant expired or was revoked, is FORBIDDEN, naming the scope, and nothing is published', async () => {
    const context = contextOf(partner(BANK), 'req-kernel-2');
    const reader = grants();
    for (const scope of ['RISK', 'DECLARATIONS', 'REBATE'] as const) {
      await assert.rejects(reader.assertMayRead(context, PAIR_OWNER, scope, 'something'), (error: Error & { extensions?: { code?: string } }) => {
        assert.equal(error.extensions?.code, 'FORBIDDEN');
        assert.match(error.message, new RegExp(`scope ${scope}`));
        return true;
      });
    }
    assert.equal(await reader.mayRead(context, PAIR_OWNER, 'RISK', 'credit riskClass'), false);
    assert.deepEqual(await usedEvents('req-kernel-2'), []);
  });

  test('regulators and the enterprise itself read without a grant and without an audit event; another enterprise never reads, grant or not', async () => {
    const reader = grants();
    await reader.assertMayRead(contextOf(regulator, 'req-kernel-3'), PAIR_OWNER, 'CREDIT', 'credit score');
    await reader.assertMayRead(contextOf(enterprise(PAIR_OWNER), 'req-kernel-3'), PAIR_OWNER, 'CREDIT', 'credit score');
    // Grants are for PARTNER callers: an ENTERPRISE key of the bank reads nothing of another enterprise.
    await assert.rejects(reader.assertMayRead(contextOf(enterprise(BANK), 'req-kernel-3'), PAIR_OWNER, 'CREDIT', 'credit score'), /visible/);
    await assert.rejects(reader.assertMayRead(contextOf(undefined, 'req-kernel-3'), PAIR_OWNER, 'CREDIT', 'credit score'), /visible/);
    assert.deepEqual(await usedEvents('req-kernel-3'), []);
  });

  test('a request id longer than 128 characters is cut in the event', async () => {
    const long = 'r'.repeat(300);
    await grants().assertMayRead(contextOf(partner(BANK), long), PAIR_OWNER, 'CREDIT', 'credit score');
    assert.equal((await usedEvents(long.slice(0, 128))).length, 1);
  });
});
