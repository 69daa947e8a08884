import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertData, assertError, busEvents, enterpriseCaller, FILE_ENTERPRISE, FILE_INDIVIDUAL, fileEnterpriseInput, partnerCaller,
  regulator, startTestRegistry, tableCounts, validCustomsCode, validResidentId, validUscc, AMEND_FILING, REVOKE_FILING,
  type TestRegistry,
} from '../testing/registry-harness';

const AGENCIES = ['COMMERCE', 'CUSTOMS', 'FOREX', 'INSPECTION', 'SAIC', 'TAX'];

let registry: TestRegistry;

before(async () => {
  registry = await startTestRegistry();
});

after(async () => {
  await registry?.stop();
});

/** Replaces the check character of a valid USCC with another allowed one. */
function wrongCheckCharacter(uscc: string): string {
  return uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0');
}

describe('fileEnterprise', () => {
  test('creates one ACTIVE qualification per agency and a FILED history entry', async () => {
    const input = fileEnterpriseInput({ roles: ['ECOMMERCE_PLATFORM', 'LOGISTICS'] });
    const filed = assertData(await registry.request(FILE_ENTERPRISE, { input }, regulator())).fileEnterprise;

    assert.equal(filed.uscc, input.uscc);
    assert.equal(filed.name, input.name);
    assert.equal(filed.customsCode, input.customsCode);
    assert.equal(filed.region, 'ZHENGZHOU');
    assert.deepEqual(filed.roles, ['ECOMMERCE_PLATFORM', 'LOGISTICS']);
    assert.equal(filed.filing.status, 'ACTIVE');
    assert.deepEqual(
      [...filed.filing.qualifications].sort((a: { agency: string }, b: { agency: string }) => a.agency.localeCompare(b.agency)),
      AGENCIES.map((agency) => ({ agency, status: 'ACTIVE' })),
    );
    assert.deepEqual(filed.filing.history, [{ kind: 'FILED', changed: [], reason: null, actor: 'regulator-1' }]);

    const rows = await registry.sql`select agency, status from registry.qualifications where uscc = ${input.uscc} order by agency`;
    assert.deepEqual(rows.map((row) => `${row.agency}:${row.status}`), AGENCIES.map((agency) => `${agency}:ACTIVE`));
    const read = assertData(await registry.request(`query($u: ID!) { enterprise(uscc: $u) { uscc filing { status } } }`, { u: input.uscc }, regulator()));
    assert.deepEqual(read.enterprise, { uscc: input.uscc, filing: { status: 'ACTIVE' } });
  });

  test('publishes registry.enterprise.filed carrying the public fields only', async () => {
    const input = fileEnterpriseInput({ legalRepresentative: '李秀英', contactPhone: '13700002222' });
    assertData(await registry.request(FILE_ENTERPRISE, { input }, regulator()));

    const events = await busEvents(registry.sql, 'registry.enterprise.filed', input.uscc);
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event.actor, 'regulator-1');
    assert.deepEqual(event.data, {
      uscc: input.uscc, name: input.name, customsCode: input.customsCode, region: 'ZHENGZHOU', roles: input.roles, filingStatus: 'ACTIVE',
    });
    assert.ok(!('contactPhone' in event.data) && !('legalRepresentative' in event.data) && !('address' in event.data));
    const text = JSON.stringify(event.data);
    assert.ok(!text.includes('13700002222') && !text.includes('李秀英'), text);
  });

  test('a second filing of the same USCC is CONFLICT and changes nothing', async () => {
    const input = fileEnterpriseInput();
    assertData(await registry.request(FILE_ENTERPRISE, { input }, regulator()));
    const before = await tableCounts(registry.sql);

    const again = await registry.request(FILE_ENTERPRISE, {
      input: { ...input, name: '另一个名字有限公司', customsCode: validCustomsCode('unused-1') },
    }, regulator());
    assertError(again, 'CONFLICT');

    assert.deepEqual(await tableCounts(registry.sql), before);
    const [row] = await registry.sql`select name, customs_code from registry.enterprises where uscc = ${input.uscc}`;
    assert.deepEqual({ ...row }, { name: input.name, customs_code: input.customsCode });
    assert.equal((await busEvents(registry.sql, 'registry.enterprise.filed', input.uscc)).length, 1);
  });

  test('a customs code already filed by another enterprise is CONFLICT and changes nothing', async () => {
    const first = fileEnterpriseInput();
    assertData(await registry.request(FILE_ENTERPRISE, { input: first }, regulator()));
    const before = await tableCounts(registry.sql);

    const second = fileEnterpriseInput({ customsCode: first.customsCode });
    assertError(await registry.request(FILE_ENTERPRISE, { input: second }, regulator()), 'CONFLICT');

    assert.deepEqual(await tableCounts(registry.sql), before);
    const [row] = await registry.sql`select count(*)::int as n from registry.enterprises where uscc = ${second.uscc}`;
    assert.equal(row.n, 0);
  });

  test('concurrent filings of the same USCC give one enterprise and CONFLICT for the rest', async () => {
    const input = fileEnterpriseInput();
    const before = await tableCounts(registry.sql);
    const responses = await Promise.all(Array.from({ length: 6 }, () => registry.request(FILE_ENTERPRISE, { input }, regulator())));
    const codes = responses.map((response) => response.errors?.[0]?.extensions?.code ?? 'OK').sort();
    assert.deepEqual(codes, ['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'OK']);
    const after = await tableCounts(registry.sql);
    assert.deepEqual(after, { ...before, enterprises: before.enterprises + 1, qualifications: before.qualifications + 6,
      filing_changes: before.filing_changes + 1, events: before.events + 1 });
  });

  test('concurrent filings of different USCCs under one customs code give one enterprise and CONFLICT for the rest', async () => {
    const customsCode = validCustomsCode('shared-under-race');
    const before = await tableCounts(registry.sql);
    const responses = await Promise.all(Array.from({ length: 4 }, () =>
      registry.request(FILE_ENTERPRISE, { input: fileEnterpriseInput({ customsCode }) }, regulator())));
    const codes = responses.map((response) => response.errors?.[0]?.extensions?.code ?? 'OK').sort();
    assert.deepEqual(codes, ['CONFLICT', 'CONFLICT', 'CONFLICT', 'OK']);
    assert.equal((await tableCounts(registry.sql)).enterprises, before.enterprises + 1);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['a USCC with a wrong check character', { uscc: wrongCheckCharacter(validUscc(11)) }, 'input.uscc'],
    ['a USCC with a forbidden letter (I)', { uscc: 'I' + validUscc(12).slice(1) }, 'input.uscc'],
    ['a USCC with a forbidden letter (O) in the check position', { uscc: validUscc(13).slice(0, 17) + 'O' }, 'input.uscc'],
    ['a USCC of 17 characters', { uscc: validUscc(14).slice(0, 17) }, 'input.uscc'],
    ['a USCC of 19 characters', { uscc: validUscc(15) + '0' }, 'input.uscc'],
    ['a customs code of 9 characters', { customsCode: '410196000' }, 'input.customsCode'],
    ['a customs code with letters in the area digits', { customsCode: 'AB01960E01' }, 'input.customsCode'],
    ['a lower-case customs code', { customsCode: '4101960e01' }, 'input.customsCode'],
    ['empty roles', { roles: [] }, 'input.roles'],
    ['duplicate roles', { roles: ['LOGISTICS', 'PAYMENT', 'LOGISTICS'] }, 'input.roles'],
    ['a blank name', { name: '   ' }, 'input.name'],
    ['an empty name', { name: '' }, 'input.name'],
  ];
  for (const [what, override, field] of invalid) {
    test(`${what} is BAD_USER_INPUT with field ${field} and writes nothing`, async () => {
      const before = await tableCounts(registry.sql);
      const input = fileEnterpriseInput(override);
      assertError(await registry.request(FILE_ENTERPRISE, { input }, regulator()), 'BAD_USER_INPUT', field);
      assert.deepEqual(await tableCounts(registry.sql), before);
    });
  }
});

describe('fileEnterprise with ENABLED_PHASES=1', () => {
  let phaseOne: TestRegistry;
  before(async () => {
    phaseOne = await startTestRegistry({ ENABLED_PHASES: '1' });
  });
  after(async () => {
    await phaseOne?.stop();
  });

  test('a LUOYANG filing (phase 2) is BAD_USER_INPUT with field input.region and writes nothing', async () => {
    const before = await tableCounts(phaseOne.sql);
    const input = fileEnterpriseInput({ region: 'LUOYANG' });
    assertError(await phaseOne.request(FILE_ENTERPRISE, { input }, regulator()), 'BAD_USER_INPUT', 'input.region');
    assert.deepEqual(await tableCounts(phaseOne.sql), before);
  });

  test('a ZHENGZHOU filing (phase 1) is accepted', async () => {
    const input = fileEnterpriseInput({ region: 'ZHENGZHOU' });
    const filed = assertData(await phaseOne.request(FILE_ENTERPRISE, { input }, regulator())).fileEnterprise;
    assert.equal(filed.region, 'ZHENGZHOU');
    assert.equal(filed.filing.status, 'ACTIVE');
  });

  test('a LUOYANG individual (phase 2) is BAD_USER_INPUT with field input.region', async () => {
    const input = { name: '赵六', idNumber: validResidentId(61), region: 'LUOYANG' };
    assertError(await phaseOne.request(FILE_INDIVIDUAL, { input }, regulator()), 'BAD_USER_INPUT', 'input.region');
  });
});

describe('who may change filings', () => {
  test('without an identity every mutation is UNAUTHENTICATED and writes nothing', async () => {
    const filed = fileEnterpriseInput();
    assertData(await registry.request(FILE_ENTERPRISE, { input: filed }, regulator()));
    const before = await tableCounts(registry.sql);

    assertError(await registry.request(FILE_ENTERPRISE, { input: fileEnterpriseInput() }), 'UNAUTHENTICATED');
    assertError(await registry.request(AMEND_FILING, { uscc: filed.uscc, input: { name: '匿名修改' } }), 'UNAUTHENTICATED');
    assertError(await registry.request(REVOKE_FILING, { uscc: filed.uscc, reason: '匿名撤销' }), 'UNAUTHENTICATED');
    assertError(await registry.request(FILE_INDIVIDUAL, {
      input: { name: '匿名', idNumber: validResidentId(71), region: 'ZHENGZHOU' },
    }), 'UNAUTHENTICATED');

    assert.deepEqual(await tableCounts(registry.sql), before);
  });

  test('an ENTERPRISE caller may file and amend its own USCC', async () => {
    const input = fileEnterpriseInput();
    const self = enterpriseCaller(input.uscc);
    const filed = assertData(await registry.request(FILE_ENTERPRISE, { input }, self)).fileEnterprise;
    assert.equal(filed.filing.history[0].actor, self.subject);
    const amended = assertData(await registry.request(AMEND_FILING, { uscc: input.uscc, input: { name: '自己改名有限公司' } }, self)).amendFiling;
    assert.equal(amended.name, '自己改名有限公司');
  });

  test('an ENTERPRISE caller filing or amending another USCC is FORBIDDEN and writes nothing', async () => {
    const other = fileEnterpriseInput();
    assertData(await registry.request(FILE_ENTERPRISE, { input: other }, regulator()));
    const caller = enterpriseCaller(validUscc('some-other-enterprise'));
    const before = await tableCounts(registry.sql);

    assertError(await registry.request(FILE_ENTERPRISE, { input: fileEnterpriseInput() }, caller), 'FORBIDDEN');
    assertError(await registry.request(AMEND_FILING, { uscc: other.uscc, input: { name: '别人改名' } }, caller), 'FORBIDDEN');

    assert.deepEqual(await tableCounts(registry.sql), before);
    const [row] = await registry.sql`select name from registry.enterprises where uscc = ${other.uscc}`;
    assert.equal(row.name, other.name);
  });

  test('a PARTNER caller cannot file an enterprise, even its own USCC, nor an individual', async () => {
    const input = fileEnterpriseInput();
    const before = await tableCounts(registry.sql);
    assertError(await registry.request(FILE_ENTERPRISE, { input }, partnerCaller(input.uscc)), 'FORBIDDEN');
    assertError(await registry.request(FILE_INDIVIDUAL, {
      input: { name: '合作方', idNumber: validResidentId(72), region: 'ZHENGZHOU' },
    }, partnerCaller(input.uscc, ['pii:read'])), 'FORBIDDEN');
    assert.deepEqual(await tableCounts(registry.sql), before);
  });

  test('only a REGULATOR may revoke: ENTERPRISE (even its own) and PARTNER are FORBIDDEN', async () => {
    const input = fileEnterpriseInput();
    assertData(await registry.request(FILE_ENTERPRISE, { input }, regulator()));
    const before = await tableCounts(registry.sql);

    assertError(await registry.request(REVOKE_FILING, { uscc: input.uscc, reason: '自行注销' }, enterpriseCaller(input.uscc)), 'FORBIDDEN');
    assertError(await registry.request(REVOKE_FILING, { uscc: input.uscc, reason: '合作方撤销' }, partnerCaller(validUscc(99))), 'FORBIDDEN');
    assert.deepEqual(await tableCounts(registry.sql), before);

    const revoked = assertData(await registry.request(REVOKE_FILING, { uscc: input.uscc, reason: '监管撤销' }, regulator())).revokeFiling;
    assert.equal(revoked.filing.status, 'REVOKED');
  });
});
