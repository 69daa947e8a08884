import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { publish, type BusEvent, type NewEvent } from '@sw/kernel';
import {
  AMEND_FILING, assertData, assertError, busEvents, enterpriseCaller, FILE_ENTERPRISE, fileEnterpriseInput, regulator, REVOKE_FILING,
  startTestRegistry, tableCounts, type TestRegistry,
} from '../testing/registry-harness';

/** Credit's negative list reaches the registry as real events on the bus, as credit publishes them. */
let registry: TestRegistry;

before(async () => {
  registry = await startTestRegistry({ REGISTRY_CONSUMER_POLL_MS: '50' });
});

after(async () => {
  await registry?.stop();
});

function publishOne(event: NewEvent): Promise<BusEvent> {
  return registry.registry.db.transaction((manager) => publish(manager, event));
}

const listed = (uscc: string, entryId = String(Math.floor(Math.random() * 1e6))): NewEvent => ({
  type: 'credit.negative-list.listed', subject: uscc, actor: 'regulator-1',
  data: { uscc, entryId, reason: '走私冻品被判处罚金', authority: '郑州海关', listedOn: '2026-03-02' },
});
const delisted = (uscc: string, entryId: string): NewEvent => ({
  type: 'credit.negative-list.delisted', subject: uscc, actor: 'regulator-1',
  data: { uscc, entryId, reason: '信用修复', authority: '郑州海关', delistedOn: '2026-06-01' },
});

/** Waits (bounded) until the registry's consumer has processed everything on the bus up to now. */
async function settle(): Promise<void> {
  const [{ seq }] = await registry.sql`select coalesce(max(seq), 0) as seq from bus.events`;
  const deadline = Date.now() + 10_000;
  while ((await registry.registry.negativeListConsumer.offset()) < BigInt(seq)) {
    assert.ok(Date.now() < deadline, `the registry's negative-list consumer did not reach seq ${seq}`);
    await sleep(20);
  }
}

async function projection(uscc: string) {
  const [row] = await registry.sql`
    select listed, entry_id, reason, authority, listed_on::text as listed_on from registry.negative_list where uscc = ${uscc}`;
  return row ? { ...row } : undefined;
}

describe('credit\'s negative list in the registry', () => {
  test('a listed USCC may not file (BAD_USER_INPUT naming input.uscc, nothing written); delisted, it files', async () => {
    const input = fileEnterpriseInput();
    await publishOne(listed(input.uscc, '41'));
    await settle();
    assert.deepEqual(await projection(input.uscc), { listed: true, entry_id: '41', reason: '走私冻品被判处罚金', authority: '郑州海关', listed_on: '2026-03-02' });

    const before = await tableCounts(registry.sql);
    const refused = assertError(await registry.request(FILE_ENTERPRISE, { input }, regulator()), 'BAD_USER_INPUT', 'input.uscc');
    assert.match(refused.message, /is on the negative list \(since 2026-03-02, 郑州海关, 走私冻品被判处罚金\) and may not file/);
    assert.deepEqual(await tableCounts(registry.sql), before);

    await publishOne(delisted(input.uscc, '41'));
    await settle();
    assert.equal((await projection(input.uscc))?.listed, false);
    assertData(await registry.request(FILE_ENTERPRISE, { input }, regulator()));
  });

  test('a listed enterprise may not amend its filing, whoever asks; delisting restores it; a regulator may still revoke', async () => {
    const input = fileEnterpriseInput();
    assertData(await registry.request(FILE_ENTERPRISE, { input }, regulator()));
    await publishOne(listed(input.uscc, '42'));
    await settle();

    const before = await tableCounts(registry.sql);
    for (const caller of [regulator(), enterpriseCaller(input.uscc)]) {
      const refused = assertError(await registry.request(AMEND_FILING, { uscc: input.uscc, input: { name: '换个名字有限公司' } }, caller), 'BAD_USER_INPUT', 'uscc');
      assert.match(refused.message, /negative list.*may not amend its filing/);
    }
    assert.deepEqual(await tableCounts(registry.sql), before);
    const [row] = await registry.sql`select name, filing_status from registry.enterprises where uscc = ${input.uscc}`;
    assert.deepEqual({ ...row }, { name: input.name, filing_status: 'ACTIVE' });

    await publishOne(delisted(input.uscc, '42'));
    await settle();
    const amended = assertData(await registry.request(AMEND_FILING, { uscc: input.uscc, input: { name: '换个名字有限公司' } }, enterpriseCaller(input.uscc)));
    assert.equal(amended.amendFiling.name, '换个名字有限公司');

    await publishOne(listed(input.uscc, '43'));
    await settle();
    const revoked = assertData(await registry.request(REVOKE_FILING, { uscc: input.uscc, reason: '列入负面清单后注销' }, regulator()));
    assert.equal(revoked.revokeFiling.filing.status, 'REVOKED');
    assert.equal((await busEvents(registry.sql, 'registry.enterprise.revoked', input.uscc)).length, 1);
  });

  test('another enterprise\'s listing changes nothing for this one', async () => {
    const mine = fileEnterpriseInput();
    const theirs = fileEnterpriseInput();
    assertData(await registry.request(FILE_ENTERPRISE, { input: mine }, regulator()));
    await publishOne(listed(theirs.uscc));
    await settle();
    assertData(await registry.request(AMEND_FILING, { uscc: mine.uscc, input: { address: '郑州市金水区农业路2号' } }, enterpriseCaller(mine.uscc)));
  });

  test('the projection follows the log: a redelivery and a replay from seq 0 end where the log does; an event without a valid uscc is ignored', async () => {
    const input = fileEnterpriseInput();
    const first = await publishOne(listed(input.uscc, '50'));
    await publishOne(delisted(input.uscc, '50'));
    await publishOne(listed(input.uscc, '51'));
    await publishOne({ ...listed(input.uscc), subject: 'nobody', data: { ...listed(input.uscc).data, uscc: 'NOT-A-USCC' } });
    await settle();
    const expected = { listed: true, entry_id: '51', reason: '走私冻品被判处罚金', authority: '郑州海关', listed_on: '2026-03-02' };
    assert.deepEqual(await projection(input.uscc), expected);
    assert.match(registry.logs(), /negative-list event without a valid uscc; ignored/);

    await registry.sql`update registry.consumer_offsets set seq = ${(first.seq - 1n).toString()} where consumer = 'credit-negative-list'`;
    await settle();
    assert.deepEqual(await projection(input.uscc), expected);

    await registry.registry.negativeListConsumer.resetToStart();
    await settle();
    assert.deepEqual(await projection(input.uscc), expected);
    assertError(await registry.request(FILE_ENTERPRISE, { input }, regulator()), 'BAD_USER_INPUT', 'input.uscc');
  });
});
