import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEV_PII_HASH_KEY, DEV_PII_KEYS, PiiVault, residentIdCheckCharacter } from '@sw/kernel';
import {
  assertData, assertError, busEvents, enterpriseCaller, FILE_INDIVIDUAL, partnerCaller, regulator, startTestRegistry, tableCounts,
  validResidentId, validUscc, type TestRegistry,
} from '../testing/registry-harness';

const PERSON = `query($id: ID!) { person(id: $id) { id name idNumber phone region } }`;
const REVEAL = `query($id: ID!) { person(id: $id) { id name(reveal: true) idNumber(reveal: true) phone(reveal: true) } }`;
const REVEAL_ID = `query($id: ID!) { person(id: $id) { idNumber(reveal: true) } }`;

let registry: TestRegistry;

// Every personal value used in this file, so the log and storage checks can look for all of them.
const personal = { idNumber: validResidentId(2, '19491231', '110105'), name: '张三丰', phone: '13812345678' };
let personId: string;

before(async () => {
  registry = await startTestRegistry();
  const filed = assertData(await registry.request(FILE_INDIVIDUAL, { input: { ...personal, region: 'ZHENGZHOU' } }, regulator())).fileIndividual;
  personId = filed.id;
});

after(async () => {
  await registry?.stop();
});

const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(14)}`;

describe('fileIndividual', () => {
  test('an ID number with a wrong check character is BAD_USER_INPUT with field input.idNumber and writes nothing', async () => {
    const valid = validResidentId(7);
    const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    const before = await tableCounts(registry.sql);
    assertError(await registry.request(FILE_INDIVIDUAL, { input: { name: '李四', idNumber: wrong, region: 'ZHENGZHOU' } }, regulator()),
      'BAD_USER_INPUT', 'input.idNumber');
    assert.deepEqual(await tableCounts(registry.sql), before);
  });

  test('an ID number born on 30 February is BAD_USER_INPUT with field input.idNumber', async () => {
    const first17 = '41010519900230123';
    const feb30 = first17 + residentIdCheckCharacter(first17);
    const before = await tableCounts(registry.sql);
    assertError(await registry.request(FILE_INDIVIDUAL, { input: { name: '李四', idNumber: feb30, region: 'ZHENGZHOU' } }, regulator()),
      'BAD_USER_INPUT', 'input.idNumber');
    assert.deepEqual(await tableCounts(registry.sql), before);
  });

  test('the filing answers masked and publishes registry.person.filed with the id only', async () => {
    const idNumber = validResidentId(3);
    const filed = assertData(await registry.request(FILE_INDIVIDUAL, {
      input: { name: '王五', idNumber, region: 'ZHENGZHOU', phone: '13900004321' },
    }, regulator())).fileIndividual;
    assert.deepEqual({ ...filed, id: undefined }, { id: undefined, name: '王*', idNumber: masked(idNumber), phone: '139****4321', region: 'ZHENGZHOU' });
    const [event] = await busEvents(registry.sql, 'registry.person.filed', filed.id);
    assert.deepEqual(event.data, { personId: filed.id, region: 'ZHENGZHOU' });
  });

  test('the person id is the keyed hash every subgraph derives for the number', async () => {
    const vault = new PiiVault(DEV_PII_KEYS, Buffer.from(DEV_PII_HASH_KEY));
    assert.equal(personId, vault.hash(personal.idNumber));
    assert.equal(personId, registry.registry.services.persons.personId(personal.idNumber));
    assert.ok(!personId.includes(personal.idNumber.slice(0, 14)));
  });

  test('filing the same ID number twice is CONFLICT and writes nothing', async () => {
    const before = await tableCounts(registry.sql);
    assertError(await registry.request(FILE_INDIVIDUAL, {
      input: { name: '张三', idNumber: personal.idNumber, region: 'KAIFENG', phone: '13600000000' },
    }, regulator()), 'CONFLICT');
    assert.deepEqual(await tableCounts(registry.sql), before);
    const [row] = await registry.sql`select region from registry.persons where id = ${personId}`;
    assert.equal(row.region, 'ZHENGZHOU');
  });

  test('concurrent filings of the same ID number give one person and CONFLICT for the rest', async () => {
    const idNumber = validResidentId(4);
    const before = await tableCounts(registry.sql);
    const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => registry.request(FILE_INDIVIDUAL, {
      input: { name: `并发${i}`, idNumber, region: 'ZHENGZHOU' },
    }, regulator())));
    const codes = responses.map((response) => response.errors?.[0]?.extensions?.code ?? 'OK').sort();
    assert.deepEqual(codes, ['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'OK']);
    const after = await tableCounts(registry.sql);
    assert.equal(after.persons, before.persons + 1);
    assert.equal(after.events, before.events + 1);
  });
});

describe('personal data', () => {
  test('is masked by default for every caller, a REGULATOR included', async () => {
    assert.equal(personal.idNumber, '11010519491231002X');
    const expected = { id: personId, name: '张**', idNumber: '110105********002X', phone: '138****5678', region: 'ZHENGZHOU' };
    for (const identity of [regulator(), regulator(['pii:read']), enterpriseCaller(validUscc(1), ['pii:read']), partnerCaller(validUscc(2)), undefined]) {
      const data = assertData(await registry.request(PERSON, { id: personId }, identity));
      assert.deepEqual(data.person, expected, JSON.stringify(identity));
    }
  });

  test('reveal: true without pii:read is FORBIDDEN and publishes nothing', async () => {
    const before = (await busEvents(registry.sql, 'registry.pii.revealed')).length;
    for (const identity of [enterpriseCaller(validUscc(1)), partnerCaller(validUscc(2), ['idcheck:use']), undefined]) {
      const response = await registry.request(REVEAL_ID, { id: personId }, identity);
      assertError(response, 'FORBIDDEN');
      assert.ok(!JSON.stringify(response).includes(personal.idNumber));
    }
    assert.equal((await busEvents(registry.sql, 'registry.pii.revealed')).length, before);
  });

  test('reveal: true with pii:read returns the whole values and publishes registry.pii.revealed without personal values', async () => {
    const caller = partnerCaller(validUscc(2), ['pii:read']);
    const before = (await busEvents(registry.sql, 'registry.pii.revealed', personId)).length;
    const data = assertData(await registry.request(REVEAL, { id: personId }, caller));
    assert.deepEqual(data.person, { id: personId, ...personal });

    const events = (await busEvents(registry.sql, 'registry.pii.revealed', personId)).slice(before);
    assert.equal(events.length, 3);
    assert.deepEqual(events.map((event) => (event.data.fields as string[]).join()).sort(), ['idNumber', 'name', 'phone']);
    for (const event of events) {
      assert.equal(event.actor, caller.subject);
      assert.equal(event.data.subjectId, personId);
      assert.equal(event.data.subjectType, 'Person');
      const text = JSON.stringify({ ...event, seq: String(event.seq) });
      for (const value of Object.values(personal)) assert.ok(!text.includes(value), `${value} in ${text}`);
    }
  });

  test('the stored row holds no plain ID number, name or phone', async () => {
    const rows = await registry.sql`select * from registry.persons where id = ${personId}`;
    assert.equal(rows.length, 1);
    const row = rows[0];
    for (const column of ['name_enc', 'id_number_enc', 'phone_enc']) assert.ok(row[column], `${column} is empty`);
    const text = JSON.stringify(row);
    const needles = [personal.idNumber, personal.idNumber.slice(0, 17), personal.idNumber.slice(6, 14), personal.name, personal.phone];
    for (const needle of needles) assert.ok(!text.includes(needle), `${needle} in ${text}`);
    const [dump] = await registry.sql`
      select string_agg(p::text, ' ') as persons, (select string_agg(e::text, ' ') from bus.events e) as events from registry.persons p`;
    for (const needle of [personal.idNumber, personal.name, personal.phone]) {
      assert.ok(!String(dump.persons).includes(needle), `${needle} stored in registry.persons`);
      assert.ok(!String(dump.events).includes(needle), `${needle} stored in bus.events`);
    }
  });

  test('the registry log never contains an ID number or a name', async () => {
    // Exercise the paths that could log: a refused filing, a conflict, masked reads and reveals.
    await registry.request(FILE_INDIVIDUAL, { input: { ...personal, region: 'ZHENGZHOU' } }, regulator());
    await registry.request(FILE_INDIVIDUAL, { input: { name: '钱七', idNumber: personal.idNumber.slice(0, 17) + 'Y', region: 'ZHENGZHOU' } }, regulator());
    await registry.request(REVEAL, { id: personId }, regulator());
    await registry.request(REVEAL, { id: personId }, enterpriseCaller(validUscc(1)));
    const logs = registry.logs();
    assert.match(logs, /migrations applied/, 'the captured log is empty: the check below would prove nothing');
    for (const needle of [personal.idNumber, personal.idNumber.slice(0, 17), personal.name, '钱七', personal.phone]) {
      assert.ok(!logs.includes(needle), `${needle} appears in the log`);
    }
  });
});
