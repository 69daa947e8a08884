import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AMEND_FILING, assertData, assertError, busEvents, FILE_ENTERPRISE, fileEnterpriseInput, regulator, REVOKE_FILING,
  startTestRegistry, tableCounts, validCustomsCode, type FileEnterpriseInputValue, type TestRegistry,
} from '../testing/registry-harness';

let registry: TestRegistry;

before(async () => {
  registry = await startTestRegistry();
});

after(async () => {
  await registry?.stop();
});

async function file(overrides: Partial<FileEnterpriseInputValue> = {}): Promise<FileEnterpriseInputValue> {
  const input = fileEnterpriseInput(overrides);
  assertData(await registry.request(FILE_ENTERPRISE, { input }, regulator()));
  return input;
}

async function storedRow(uscc: string) {
  const [row] = await registry.sql`select * from registry.enterprises where uscc = ${uscc}`;
  return { ...row };
}

describe('amendFiling', () => {
  test('changes only the given fields, sets AMENDED and records the changed field names in history and event', async () => {
    const input = await file({ region: 'ZHENGZHOU', roles: ['LOGISTICS', 'WAREHOUSE'], contactPhone: '13900001111' });
    const beforeRow = await storedRow(input.uscc);

    const amended = assertData(await registry.request(AMEND_FILING, {
      uscc: input.uscc, input: { name: '新名称物流有限公司', contactPhone: '13900002222' },
    }, regulator())).amendFiling;

    assert.equal(amended.name, '新名称物流有限公司');
    assert.equal(amended.customsCode, input.customsCode);
    assert.equal(amended.region, 'ZHENGZHOU');
    assert.deepEqual(amended.roles, ['LOGISTICS', 'WAREHOUSE']);
    assert.equal(amended.filing.status, 'AMENDED');
    assert.deepEqual(amended.filing.history.map((entry: { kind: string }) => entry.kind), ['FILED', 'AMENDED']);
    assert.deepEqual([...amended.filing.history[1].changed].sort(), ['contactPhone', 'name']);

    const afterRow = await storedRow(input.uscc);
    assert.equal(afterRow.name, '新名称物流有限公司');
    assert.equal(afterRow.filing_status, 'AMENDED');
    for (const column of ['customs_code', 'region', 'address', 'legal_representative_enc']) {
      assert.deepEqual(afterRow[column], beforeRow[column], column);
    }
    assert.deepEqual(afterRow.roles, beforeRow.roles);
    assert.notEqual(afterRow.contact_phone_enc, beforeRow.contact_phone_enc);
    assert.ok(!String(afterRow.contact_phone_enc).includes('13900002222'));
    const [qualifications] = await registry.sql`
      select count(*) filter (where status = 'ACTIVE')::int as active, count(*)::int as total
      from registry.qualifications where uscc = ${input.uscc}`;
    assert.deepEqual({ ...qualifications }, { active: 6, total: 6 });

    const events = await busEvents(registry.sql, 'registry.enterprise.amended', input.uscc);
    assert.equal(events.length, 1);
    assert.deepEqual([...(events[0].data.changed as string[])].sort(), ['contactPhone', 'name']);
    assert.equal(events[0].data.name, '新名称物流有限公司');
    assert.equal(events[0].data.filingStatus, 'AMENDED');
    assert.ok(!('contactPhone' in events[0].data));
    assert.ok(!JSON.stringify(events[0].data).includes('13900002222'));
  });

  test('null clears an optional field (customsCode) and names it as changed', async () => {
    const input = await file();
    const amended = assertData(await registry.request(AMEND_FILING, { uscc: input.uscc, input: { customsCode: null } }, regulator())).amendFiling;
    assert.equal(amended.customsCode, null);
    assert.deepEqual(amended.filing.history.at(-1).changed, ['customsCode']);
    const [event] = await busEvents(registry.sql, 'registry.enterprise.amended', input.uscc);
    assert.equal(event.data.customsCode, null);
  });

  test('a no-op amendment (the same name) writes no event and no history', async () => {
    const input = await file();
    const before = await tableCounts(registry.sql);
    const result = assertData(await registry.request(AMEND_FILING, { uscc: input.uscc, input: { name: input.name, region: 'ZHENGZHOU' } }, regulator())).amendFiling;
    assert.equal(result.filing.status, 'ACTIVE');
    assert.deepEqual(await tableCounts(registry.sql), before);
    assert.deepEqual(await busEvents(registry.sql, 'registry.enterprise.amended', input.uscc), []);
  });

  test('null for name is BAD_USER_INPUT with field input.name and changes nothing', async () => {
    const input = await file();
    const before = await tableCounts(registry.sql);
    assertError(await registry.request(AMEND_FILING, { uscc: input.uscc, input: { name: null } }, regulator()), 'BAD_USER_INPUT', 'input.name');
    assert.deepEqual(await tableCounts(registry.sql), before);
    assert.equal((await storedRow(input.uscc)).name, input.name);
  });

  test('an amendment naming no field is BAD_USER_INPUT with field input', async () => {
    const input = await file();
    assertError(await registry.request(AMEND_FILING, { uscc: input.uscc, input: {} }, regulator()), 'BAD_USER_INPUT', 'input');
  });

  test('an invalid uscc argument is BAD_USER_INPUT with field uscc; an unfiled one is NOT_FOUND', async () => {
    const valid = fileEnterpriseInput().uscc;
    const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    assertError(await registry.request(AMEND_FILING, { uscc: wrong, input: { name: '改名' } }, regulator()), 'BAD_USER_INPUT', 'uscc');
    assertError(await registry.request(AMEND_FILING, { uscc: valid, input: { name: '改名' } }, regulator()), 'NOT_FOUND');
  });

  test('a customs code held by another enterprise is CONFLICT', async () => {
    const holder = await file();
    const input = await file();
    const before = await tableCounts(registry.sql);
    assertError(await registry.request(AMEND_FILING, { uscc: input.uscc, input: { customsCode: holder.customsCode } }, regulator()), 'CONFLICT');
    assert.deepEqual(await tableCounts(registry.sql), before);
    assert.equal((await storedRow(input.uscc)).customs_code, input.customsCode);
  });

  test('amending a revoked filing is CONFLICT and changes nothing', async () => {
    const input = await file();
    assertData(await registry.request(REVOKE_FILING, { uscc: input.uscc, reason: '虚假备案' }, regulator()));
    const before = await tableCounts(registry.sql);
    assertError(await registry.request(AMEND_FILING, {
      uscc: input.uscc, input: { name: '撤销后改名', customsCode: validCustomsCode('after-revoke') },
    }, regulator()), 'CONFLICT');
    assert.deepEqual(await tableCounts(registry.sql), before);
    const row = await storedRow(input.uscc);
    assert.equal(row.name, input.name);
    assert.equal(row.filing_status, 'REVOKED');
  });
});

describe('revokeFiling', () => {
  test('sets REVOKED, revokes every qualification, records the reason and publishes registry.enterprise.revoked', async () => {
    const input = await file();
    const revoked = assertData(await registry.request(REVOKE_FILING, { uscc: input.uscc, reason: '  经营异常  ' }, regulator())).revokeFiling;

    assert.equal(revoked.filing.status, 'REVOKED');
    assert.equal(revoked.filing.qualifications.length, 6);
    assert.ok(revoked.filing.qualifications.every((q: { status: string }) => q.status === 'REVOKED'), JSON.stringify(revoked.filing.qualifications));
    assert.deepEqual(revoked.filing.history.at(-1), { kind: 'REVOKED', changed: [], reason: '经营异常', actor: 'regulator-1' });

    const rows = await registry.sql`select distinct status from registry.qualifications where uscc = ${input.uscc}`;
    assert.deepEqual(rows.map((row) => row.status), ['REVOKED']);
    const events = await busEvents(registry.sql, 'registry.enterprise.revoked', input.uscc);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].data, { uscc: input.uscc, customsCode: input.customsCode, reason: '经营异常', filingStatus: 'REVOKED' });
  });

  test('a blank reason is BAD_USER_INPUT with field reason and changes nothing', async () => {
    const input = await file();
    const before = await tableCounts(registry.sql);
    assertError(await registry.request(REVOKE_FILING, { uscc: input.uscc, reason: '   ' }, regulator()), 'BAD_USER_INPUT', 'reason');
    assertError(await registry.request(REVOKE_FILING, { uscc: input.uscc, reason: '' }, regulator()), 'BAD_USER_INPUT', 'reason');
    assert.deepEqual(await tableCounts(registry.sql), before);
    assert.equal((await storedRow(input.uscc)).filing_status, 'ACTIVE');
  });

  test('revoking twice is CONFLICT and publishes no second event', async () => {
    const input = await file();
    assertData(await registry.request(REVOKE_FILING, { uscc: input.uscc, reason: '第一次' }, regulator()));
    const before = await tableCounts(registry.sql);
    assertError(await registry.request(REVOKE_FILING, { uscc: input.uscc, reason: '第二次' }, regulator()), 'CONFLICT');
    assert.deepEqual(await tableCounts(registry.sql), before);
    assert.equal((await busEvents(registry.sql, 'registry.enterprise.revoked', input.uscc)).length, 1);
  });

  test('revoking an enterprise that was never filed is NOT_FOUND', async () => {
    const input = fileEnterpriseInput();
    assertError(await registry.request(REVOKE_FILING, { uscc: input.uscc, reason: '不存在' }, regulator()), 'NOT_FOUND');
  });
});
