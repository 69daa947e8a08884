import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertData, assertError, busEvents, daysAgo, DELIST, enterpriseCaller, LIST, NEGATIVE_LIST, partnerCaller, profileOf, regulator,
  startTestCredit, tableCounts, today, validUscc, type TestCredit,
} from '../testing/credit-harness';

let credit: TestCredit;
let seed = 2000;
async function filed(): Promise<string> {
  const uscc = validUscc(seed++);
  await credit.file(uscc);
  return uscc;
}
const listing = (uscc: string, overrides: Record<string, unknown> = {}) =>
  ({ uscc, reason: '伪造跨境电商交易数据骗取出口退税', authority: '郑州市商务局', ...overrides });
const delisting = (uscc: string, overrides: Record<string, unknown> = {}) =>
  ({ uscc, reason: '整改完成，信用修复', authority: '郑州市商务局', ...overrides });

before(async () => {
  credit = await startTestCredit();
});

after(async () => {
  await credit?.stop();
});

describe('the negative list', () => {
  test('listing drops the grade to D and publishes credit.negative-list.listed with the recomputed grade, in one transaction', async () => {
    const uscc = await filed();
    const entry = assertData(await credit.request(LIST, { input: listing(uscc, { listedOn: daysAgo(2) }) }, regulator())).listOnNegativeList;
    assert.equal(entry.uscc, uscc);
    assert.equal(entry.listedOn, daysAgo(2));
    assert.equal(entry.delistedOn, null);
    assert.deepEqual(entry.enterprise, { uscc });

    const profile = await profileOf(credit, uscc);
    assert.equal(profile.onNegativeList, true);
    assert.equal(profile.grade, 'D');
    assert.equal(profile.score, 30);
    assert.equal(profile.supervision.inspectionRate, 0.2);
    assert.equal(profile.supervision.simplifiedClearance, false);
    assert.equal(profile.riskClass, 'HIGH');
    assert.ok(profile.factors.some((f: { source: string; contribution: number }) => f.source === 'NEGATIVE_LIST' && f.contribution === -50));

    const [listed] = await busEvents(credit.sql, 'credit.negative-list.listed', uscc);
    assert.deepEqual(listed.data, { uscc, entryId: entry.id, reason: '伪造跨境电商交易数据骗取出口退税', authority: '郑州市商务局', listedOn: daysAgo(2) });
    const [graded] = await busEvents(credit.sql, 'credit.profile.grade-changed', uscc);
    assert.equal(graded.data.to, 'D');
    const [row] = await credit.sql`
      select (select count(distinct xmin::text)::int from bus.events where id in (${listed.id}, ${graded.id})) as transactions,
             (select xmin::text from credit.negative_list where id = ${entry.id}::bigint) = (select xmin::text from bus.events where id = ${listed.id}) as same`;
    assert.deepEqual({ ...row }, { transactions: 1, same: true });
  });

  test('delisting restores the grade; history shows B → D → B and credit.negative-list.delisted is published', async () => {
    const uscc = await filed();
    assertData(await credit.request(LIST, { input: listing(uscc, { listedOn: daysAgo(10) }) }, regulator()));
    const delisted = assertData(await credit.request(DELIST, { input: delisting(uscc) }, regulator())).delistFromNegativeList;
    assert.equal(delisted.delistedOn, today());
    assert.equal(delisted.delistReason, '整改完成，信用修复');

    const profile = await profileOf(credit, uscc);
    assert.equal(profile.onNegativeList, false);
    assert.equal(profile.grade, 'B');
    assert.equal(profile.score, 80);
    assert.equal(profile.riskClass, 'LOW');
    assert.equal(profile.supervision.simplifiedClearance, true);
    assert.deepEqual(profile.history.map((h: { from: string | null; to: string }) => [h.from, h.to]), [[null, 'B'], ['B', 'D'], ['D', 'B']]);
    const [event] = await busEvents(credit.sql, 'credit.negative-list.delisted', uscc);
    assert.deepEqual(event.data, { uscc, entryId: delisted.id, reason: '整改完成，信用修复', authority: '郑州市商务局', delistedOn: today() });
    const risk = await busEvents(credit.sql, 'credit.risk.class-changed', uscc);
    assert.deepEqual(risk.map((e) => [e.data.from, e.data.to]), [['LOW', 'HIGH'], ['HIGH', 'LOW']]);
    const open = await credit.sql`select kind from credit.risk_warnings where uscc = ${uscc} and closed_at is null`;
    assert.equal(open.length, 0);
  });

  test('negativeList shows current listings to every authenticated caller, newest first, and past ones on request', async () => {
    const [a, b, c] = [await filed(), await filed(), await filed()];
    for (const uscc of [a, b, c]) assertData(await credit.request(LIST, { input: listing(uscc) }, regulator()));
    assertData(await credit.request(DELIST, { input: delisting(b) }, regulator()));

    const page = assertData(await credit.request(NEGATIVE_LIST, { first: 1 }, enterpriseCaller(validUscc(4242)))).negativeList;
    assert.equal(page.edges[0].node.uscc, c);
    assert.equal(page.pageInfo.hasNextPage, true);
    const next = assertData(await credit.request(NEGATIVE_LIST, { first: 100, after: page.pageInfo.endCursor }, partnerCaller(validUscc(4243)))).negativeList;
    const usccs = next.edges.map((e: { node: { uscc: string } }) => e.node.uscc);
    assert.ok(usccs.includes(a) && !usccs.includes(b) && !usccs.includes(c));
    const all = assertData(await credit.request(NEGATIVE_LIST, { first: 100, all: true }, regulator())).negativeList;
    assert.ok(all.edges.some((e: { node: { uscc: string; delistedOn: string | null } }) => e.node.uscc === b && e.node.delistedOn === today()));
    assertError(await credit.request(NEGATIVE_LIST, { first: 1 }), 'UNAUTHENTICATED');
    assertError(await credit.request(NEGATIVE_LIST, { after: 'bm9wZQ' }, regulator()), 'BAD_USER_INPUT', 'after');
  });
});

describe('listing and delisting refuse', () => {
  test('a second listing of a listed subject: CONFLICT, nothing written', async () => {
    const uscc = await filed();
    assertData(await credit.request(LIST, { input: listing(uscc) }, regulator()));
    const before = await tableCounts(credit.sql);
    assertError(await credit.request(LIST, { input: listing(uscc) }, regulator()), 'CONFLICT');
    assert.deepEqual(await tableCounts(credit.sql), before);
  });

  test('delisting a subject that is not listed: NOT_FOUND', async () => {
    const uscc = await filed();
    assertError(await credit.request(DELIST, { input: delisting(uscc) }, regulator()), 'NOT_FOUND');
  });

  test('a delisting dated before its listing: BAD_USER_INPUT at input.delistedOn', async () => {
    const uscc = await filed();
    assertData(await credit.request(LIST, { input: listing(uscc, { listedOn: daysAgo(3) }) }, regulator()));
    assertError(await credit.request(DELIST, { input: delisting(uscc, { delistedOn: daysAgo(4) }) }, regulator()), 'BAD_USER_INPUT', 'input.delistedOn');
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['an unfiled subject', { uscc: validUscc(88_888) }, 'input.uscc'],
    ['a blank reason', { reason: ' ' }, 'input.reason'],
    ['a blank authority', { authority: '' }, 'input.authority'],
    ['a listing date in the future', { listedOn: '2999-12-31' }, 'input.listedOn'],
  ];
  for (const [what, change, field] of invalid) {
    test(`${what}: BAD_USER_INPUT at ${field}`, async () => {
      const uscc = await filed();
      assertError(await credit.request(LIST, { input: { ...listing(uscc), ...change } }, regulator()), 'BAD_USER_INPUT', field);
    });
  }

  test('an enterprise, even with credit:write, may not list or delist: FORBIDDEN', async () => {
    const uscc = await filed();
    assertError(await credit.request(LIST, { input: listing(uscc) }, enterpriseCaller(validUscc(5151), ['credit:write'])), 'FORBIDDEN');
    assertData(await credit.request(LIST, { input: listing(uscc) }, regulator()));
    assertError(await credit.request(DELIST, { input: delisting(uscc) }, enterpriseCaller(uscc, ['credit:write'])), 'FORBIDDEN');
  });
});
