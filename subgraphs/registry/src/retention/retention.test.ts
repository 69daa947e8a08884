import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@sw/kernel';
import { readRegistryConfig } from '../config';
import { ERASED } from '../person/person.service';
import {
  assertData, busEvents, FILE_ENTERPRISE, FILE_INDIVIDUAL, fileEnterpriseInput, regulator, REVOKE_FILING, startTestRegistry, tableCounts,
  validResidentId, type TestRegistry,
} from '../testing/registry-harness';
import { RetentionJob } from './retention.job';

const RETENTION_DAYS = 30;
const PERSON = `query($id: ID!) { person(id: $id) { id name idNumber phone region filedAt } }`;
const REVEAL = `query($id: ID!) { person(id: $id) { id name(reveal: true) idNumber(reveal: true) phone(reveal: true) } }`;
const silent = createLogger('registry', 'silent');

let registry: TestRegistry;
let seed = 5000;

before(async () => {
  registry = await startTestRegistry({ PII_RETENTION_DAYS: String(RETENTION_DAYS) });
  // The run at start found nothing; wait for it so that every run below is one the test asked for.
  await registry.registry.retention.run();
});

after(async () => {
  await registry?.stop();
});

/** Files an individual through the API and moves its filing `daysAgo` into the past. */
async function filePerson(daysAgo: number, region = 'KAIFENG', phone: string | null = '13700001234') {
  seed += 1;
  const input = { name: `留存${seed}`, idNumber: validResidentId(seed, '19800101'), region, phone };
  const { id } = assertData(await registry.request(FILE_INDIVIDUAL, { input }, regulator())).fileIndividual;
  await registry.sql`update registry.persons set filed_at = now() - make_interval(days => ${daysAgo}) where id = ${id}`;
  return { id: id as string, ...input };
}

async function personRow(id: string) {
  const [row] = await registry.sql`select * from registry.persons where id = ${id}`;
  return { ...row };
}

describe('PII retention of individuals', () => {
  let old: Awaited<ReturnType<typeof filePerson>>;
  let recent: Awaited<ReturnType<typeof filePerson>>;
  let oldFiledAt: Date;

  before(async () => {
    old = await filePerson(RETENTION_DAYS + 1);
    recent = await filePerson(RETENTION_DAYS - 1);
    oldFiledAt = (await personRow(old.id)).filed_at;
  });

  test('anonymises only the individuals filed longer ago than PII_RETENTION_DAYS, keeping id, region and filing date', async () => {
    const regionCount = async () => (await registry.sql`select count(*)::int as n from registry.persons where region = 'KAIFENG'`)[0].n;
    const countBefore = await regionCount();
    const recentBefore = await personRow(recent.id);

    assert.deepEqual(await registry.registry.retention.run(), { persons: 1, enterprises: 0 });

    const row = await personRow(old.id);
    assert.deepEqual({ ...row, anonymised_at: undefined }, {
      id: old.id, name_enc: null, id_number_enc: null, phone_enc: null, region: 'KAIFENG', filed_at: oldFiledAt, anonymised_at: undefined,
    });
    assert.ok(row.anonymised_at instanceof Date);
    assert.deepEqual(await personRow(recent.id), recentBefore);
    // Statistics still count the anonymised individual in its region.
    assert.equal(await regionCount(), countBefore);
  });

  test(`the API answers ${ERASED} for name and ID number and null for phone, and the person is still found by id`, async () => {
    const data = assertData(await registry.request(PERSON, { id: old.id }, regulator()));
    assert.deepEqual({ ...data.person, filedAt: undefined }, {
      id: old.id, name: ERASED, idNumber: ERASED, phone: null, region: 'KAIFENG', filedAt: undefined,
    });
    const recentData = assertData(await registry.request(PERSON, { id: recent.id }, regulator())).person;
    assert.equal(recentData.phone, '137****1234');
    assert.notEqual(recentData.name, ERASED);
  });

  test('reveal: true on an anonymised individual answers the same marker and publishes no registry.pii.revealed', async () => {
    const before = (await busEvents(registry.sql, 'registry.pii.revealed')).length;
    const data = assertData(await registry.request(REVEAL, { id: old.id }, regulator(['pii:read'])));
    assert.deepEqual(data.person, { id: old.id, name: ERASED, idNumber: ERASED, phone: null });
    assert.equal((await busEvents(registry.sql, 'registry.pii.revealed')).length, before);
  });

  test('publishes registry.person.anonymised once, by system, with the person id and the time of erasure', async () => {
    const events = await busEvents(registry.sql, 'registry.person.anonymised');
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event.subject, old.id);
    assert.equal(event.actor, 'system');
    assert.deepEqual(event.data, { personId: old.id, anonymisedAt: (await personRow(old.id)).anonymised_at.toISOString() });
  });

  test('a second run changes nothing more: no row, no event', async () => {
    const counts = await tableCounts(registry.sql);
    const persons = async () => (await registry.sql`select * from registry.persons order by id`).map((row) => ({ ...row }));
    const rows = await persons();
    assert.deepEqual(await registry.registry.retention.run(), { persons: 0, enterprises: 0 });
    assert.deepEqual(await tableCounts(registry.sql), counts);
    assert.deepEqual(await persons(), rows);
  });

  test('works in batches: five due individuals with a batch size of two are all anonymised, each with one event', async () => {
    const due = await Promise.all(Array.from({ length: 5 }, (_, i) => filePerson(RETENTION_DAYS + 10 + i, 'ZHENGZHOU', i % 2 ? null : '13500000000')));
    const job = new RetentionJob(registry.registry.db, silent, { retentionDays: RETENTION_DAYS, intervalMinutes: 60, batchSize: 2 });
    registry.queries.reset();
    assert.deepEqual(await job.run(), { persons: 5, enterprises: 0 });
    // Three person batches (2 + 2 + 1), each its own update statement.
    assert.equal(registry.queries.statements.filter((statement) => statement.includes('update registry.persons')).length, 3);
    for (const person of due) {
      const row = await personRow(person.id);
      assert.ok(row.anonymised_at && row.name_enc === null && row.id_number_enc === null && row.phone_enc === null, person.id);
      assert.equal((await busEvents(registry.sql, 'registry.person.anonymised', person.id)).length, 1);
    }
    assert.deepEqual(await job.run(), { persons: 0, enterprises: 0 });
  });

  test('an anonymised row cannot hold personal data again: the erasure is all or nothing', async () => {
    await assert.rejects(registry.sql`update registry.persons set name_enc = 'dev1:x:y:z' where id = ${old.id}`, /persons_personal_data_until_anonymised/);
    const person = await filePerson(1);
    await assert.rejects(registry.sql`update registry.persons set id_number_enc = null where id = ${person.id}`, /persons_personal_data_until_anonymised/);
  });

  test('PII_RETENTION_DAYS=0 keeps personal data forever', async () => {
    const person = await filePerson(36_000);
    const job = new RetentionJob(registry.registry.db, silent, { retentionDays: 0, intervalMinutes: 60 });
    assert.equal(job.enabled, false);
    assert.deepEqual(await job.run(), { persons: 0, enterprises: 0 });
    assert.equal((await personRow(person.id)).anonymised_at, null);
    // Leave nothing due for the tests that follow.
    await registry.registry.retention.run();
  });
});

describe('PII retention of enterprises', () => {
  test('a filing revoked longer ago than the period loses its legal representative and contact phone; live and recently revoked ones keep them', async () => {
    const [oldRevoked, recentRevoked, oldLive] = [fileEnterpriseInput(), fileEnterpriseInput(), fileEnterpriseInput()];
    for (const input of [oldRevoked, recentRevoked, oldLive]) assertData(await registry.request(FILE_ENTERPRISE, { input }, regulator()));
    for (const input of [oldRevoked, recentRevoked]) {
      assertData(await registry.request(REVOKE_FILING, { uscc: input.uscc, reason: '注销' }, regulator()));
    }
    const backdate = async (uscc: string, days: number) => registry.sql`
      update registry.enterprises set filed_at = now() - make_interval(days => ${days + 100}), updated_at = now() - make_interval(days => ${days})
      where uscc = ${uscc}`;
    await backdate(oldRevoked.uscc, RETENTION_DAYS + 1);
    await backdate(oldLive.uscc, RETENTION_DAYS + 1);
    // Filed long ago but revoked within the period: the period runs from the revocation.
    await backdate(recentRevoked.uscc, RETENTION_DAYS - 1);
    const sealed = async (uscc: string) => ({ ...(await registry.sql`
      select legal_representative_enc, contact_phone_enc, name, filing_status, updated_at from registry.enterprises where uscc = ${uscc}`)[0] });
    const before = { oldRevoked: await sealed(oldRevoked.uscc), recentRevoked: await sealed(recentRevoked.uscc), oldLive: await sealed(oldLive.uscc) };
    const events = (await tableCounts(registry.sql)).events;

    assert.deepEqual(await registry.registry.retention.run(), { persons: 0, enterprises: 1 });

    assert.deepEqual(await sealed(oldRevoked.uscc), { ...before.oldRevoked, legal_representative_enc: null, contact_phone_enc: null });
    assert.deepEqual(await sealed(recentRevoked.uscc), before.recentRevoked);
    assert.deepEqual(await sealed(oldLive.uscc), before.oldLive);
    assert.ok(before.oldLive.legal_representative_enc && before.oldLive.contact_phone_enc);
    assert.equal((await tableCounts(registry.sql)).events, events);
    assert.deepEqual(await registry.registry.retention.run(), { persons: 0, enterprises: 0 });
  });
});

describe('the retention schedule', () => {
  test('runs at start, again every interval, and not after stop()', async () => {
    const anonymised = async (id: string) => (await personRow(id)).anonymised_at !== null;
    const waitFor = async (id: string) => {
      for (let i = 0; i < 100 && !(await anonymised(id)); i++) await sleep(50);
      return anonymised(id);
    };
    const first = await filePerson(RETENTION_DAYS + 5);
    // A few hundred milliseconds between runs; the environment variable counts whole minutes.
    const job = new RetentionJob(registry.registry.db, silent, { retentionDays: RETENTION_DAYS, intervalMinutes: 0.005 });
    job.start();
    try {
      assert.ok(await waitFor(first.id), 'the run at start did not anonymise the due person');
      const second = await filePerson(RETENTION_DAYS + 5);
      assert.ok(await waitFor(second.id), 'no later run anonymised the person that became due');
    } finally {
      await job.stop();
    }
    const third = await filePerson(RETENTION_DAYS + 5);
    await sleep(1_000);
    assert.equal(await anonymised(third.id), false);
    await registry.registry.retention.run();
  });
});

describe('retention configuration', () => {
  const env = { DATABASE_URL: 'postgres://localhost/x' };

  test('PII_RETENTION_DAYS defaults to 1825 (five years) and PII_RETENTION_INTERVAL_MINUTES to 60', () => {
    const config = readRegistryConfig(env);
    assert.equal(config.piiRetentionDays, 1825);
    assert.equal(config.piiRetentionIntervalMinutes, 60);
    assert.equal(readRegistryConfig({ ...env, PII_RETENTION_DAYS: '0' }).piiRetentionDays, 0);
  });

  test('a negative or fractional retention and a zero interval are refused, all in one error', () => {
    assert.throws(() => readRegistryConfig({ ...env, PII_RETENTION_DAYS: '-1', PII_RETENTION_INTERVAL_MINUTES: '0' }),
      (error: Error) => /PII_RETENTION_DAYS must be an integer/.test(error.message) && /PII_RETENTION_INTERVAL_MINUTES must be an integer/.test(error.message));
    assert.throws(() => readRegistryConfig({ ...env, PII_RETENTION_DAYS: '1.5' }), /PII_RETENTION_DAYS/);
  });
});
