import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { createLogger, createSql, PiiVault, type Sql } from '@sw/kernel';
import { startRegistry, type RunningRegistry } from '../app';
import { readRegistryConfig } from '../config';
import {
  AMEND_FILING, assertData, busEvents, FILE_ENTERPRISE, FILE_INDIVIDUAL, fileEnterpriseInput, post, regulator, startTestRegistry,
  validResidentId, type FileEnterpriseInputValue, type TestRegistry,
} from '../testing/registry-harness';
import { Resealer, SEALED_TABLES, type ResealProgress } from './reseal';

const key = (id: string, fill: number) => `${id}:${Buffer.alloc(32, fill).toString('base64')}`;
const OLD_KEY = key('old2025', 11);
const NEW_KEY = key('new2026', 22);
const ROTATED = `${NEW_KEY},${OLD_KEY}`;
const hashKey = 'reseal-test-hash-key';
const oldVault = new PiiVault(OLD_KEY, Buffer.from(hashKey));
const rotatedVault = new PiiVault(ROTATED, Buffer.from(hashKey));

const REVEAL = `query($id: ID!) { person(id: $id) { id name(reveal: true) idNumber(reveal: true) phone(reveal: true) } }`;
const silent = createLogger('registry', 'silent');

/** The registry as first deployed: the old key only. */
let registry: TestRegistry;
/** A second replica on the same database after step 2 of the rotation: the new key first, the old one still listed. */
let rotated: RunningRegistry;
const persons: { id: string; name: string; idNumber: string; phone: string | null }[] = [];
const enterprises: FileEnterpriseInputValue[] = [];

async function startReplica(keys: string): Promise<RunningRegistry> {
  return startRegistry(readRegistryConfig({
    DATABASE_URL: registry.database.url, REGISTRY_PORT: '0', PII_ENCRYPTION_KEYS: keys, PII_HASH_KEY: hashKey,
  }), silent);
}

/** Every non-null sealed value of the registry, as `table.column` → key id → count. */
async function keyIds(sql: Sql): Promise<Record<string, Record<string, number>>> {
  const found: Record<string, Record<string, number>> = {};
  for (const table of SEALED_TABLES) {
    for (const column of table.columns) {
      const rows = await sql.unsafe(`
        select split_part(${column}, ':', 1) as key_id, count(*)::int as n from ${table.table}
        where ${column} is not null group by 1 order by 1`);
      found[`${table.table}.${column}`] = Object.fromEntries(rows.map((row) => [row.key_id, row.n]));
    }
  }
  return found;
}

async function sealedSnapshot(sql: Sql) {
  return {
    persons: (await sql`select id, name_enc, id_number_enc, phone_enc from registry.persons order by id`).map((row) => ({ ...row })),
    enterprises: (await sql`select uscc, legal_representative_enc, contact_phone_enc from registry.enterprises order by uscc`).map((row) => ({ ...row })),
  };
}

async function assertPersonsRevealOriginals(url: string): Promise<void> {
  for (const person of persons) {
    const data = assertData(await post(url, REVEAL, { id: person.id }, regulator(['pii:read'])));
    assert.deepEqual(data.person, person);
  }
}

before(async () => {
  registry = await startTestRegistry({ PII_ENCRYPTION_KEYS: OLD_KEY, PII_HASH_KEY: hashKey });
  for (let i = 0; i < 7; i++) {
    const input = { name: `轮换${i}`, idNumber: validResidentId(700 + i, '19750505'), region: 'ZHENGZHOU', phone: i % 3 === 0 ? null : `1390000${String(i).padStart(4, '0')}` };
    const { id } = assertData(await registry.request(FILE_INDIVIDUAL, { input }, regulator())).fileIndividual;
    persons.push({ id, name: input.name, idNumber: input.idNumber, phone: input.phone });
  }
  for (let i = 0; i < 5; i++) {
    const input = fileEnterpriseInput({ legalRepresentative: `法人${i}`, contactPhone: i === 4 ? null : `1380000${String(i).padStart(4, '0')}` });
    assertData(await registry.request(FILE_ENTERPRISE, { input }, regulator()));
    enterprises.push(input);
  }
  rotated = await startReplica(ROTATED);
});

after(async () => {
  await rotated?.stop();
  await registry?.stop();
});

describe('re-sealing personal data after a key rotation', () => {
  test('before re-sealing, every value is under the old key and a replica with the new key first still reads them', async () => {
    const ids = await keyIds(registry.sql);
    for (const [column, counts] of Object.entries(ids)) assert.deepEqual(Object.keys(counts), ['old2025'], column);
    await assertPersonsRevealOriginals(rotated.url);
  });

  test('moves every sealed column to the current key id, in batches with progress, and the API still answers the originals', async () => {
    // Filed by the rotated replica during the rotation: already under the new key, nothing to do for it.
    const input = { name: '新钥', idNumber: validResidentId(799, '19750505'), region: 'ZHENGZHOU', phone: '13911112222' };
    const { id } = assertData(await post(rotated.url, FILE_INDIVIDUAL, { input }, regulator())).fileIndividual;
    persons.push({ id, name: input.name, idNumber: input.idNumber, phone: input.phone });

    const progress: ResealProgress[] = [];
    const resealer = new Resealer(registry.sql, rotatedVault, { batchSize: 3, onProgress: (step) => progress.push(step) });
    assert.deepEqual(await resealer.pending(), { 'registry.persons': 7, 'registry.enterprises': 5 });
    const result = await resealer.run();

    assert.deepEqual(result, {
      currentKeyId: 'new2026',
      tables: {
        'registry.persons': { resealed: 7, changedMeanwhile: 0, failed: [] },
        'registry.enterprises': { resealed: 5, changedMeanwhile: 0, failed: [] },
      },
      remaining: 0,
    });
    assert.deepEqual(progress.map((step) => `${step.table} ${step.resealed}/${step.pending}`), [
      'registry.persons 3/7', 'registry.persons 6/7', 'registry.persons 7/7',
      'registry.enterprises 3/5', 'registry.enterprises 5/5',
    ]);
    assert.deepEqual(await keyIds(registry.sql), {
      'registry.persons.name_enc': { new2026: 8 },
      'registry.persons.id_number_enc': { new2026: 8 },
      'registry.persons.phone_enc': { new2026: 5 },
      'registry.enterprises.legal_representative_enc': { new2026: 5 },
      'registry.enterprises.contact_phone_enc': { new2026: 4 },
    });
    await assertPersonsRevealOriginals(rotated.url);
  });

  test('enterprise values decrypt to the originals: amending with the same values changes nothing', async () => {
    const before = (await busEvents(registry.sql, 'registry.enterprise.amended')).length;
    for (const enterprise of enterprises) {
      const amended = assertData(await post(rotated.url, AMEND_FILING, {
        uscc: enterprise.uscc, input: { legalRepresentative: enterprise.legalRepresentative, contactPhone: enterprise.contactPhone },
      }, regulator())).amendFiling;
      assert.deepEqual(amended.filing.history.map((change: { kind: string }) => change.kind), ['FILED'], enterprise.uscc);
    }
    assert.equal((await busEvents(registry.sql, 'registry.enterprise.amended')).length, before);
    for (const enterprise of enterprises) {
      const [row] = await registry.sql`select legal_representative_enc, contact_phone_enc from registry.enterprises where uscc = ${enterprise.uscc}`;
      assert.equal(new PiiVault(NEW_KEY, Buffer.from(hashKey)).decrypt(row.legal_representative_enc), enterprise.legalRepresentative);
      assert.equal(row.contact_phone_enc === null ? null : rotatedVault.decrypt(row.contact_phone_enc), enterprise.contactPhone);
    }
  });

  test('afterwards a replica holding only the new key reads everything: the old key can be removed', async () => {
    const newOnly = await startReplica(NEW_KEY);
    try {
      await assertPersonsRevealOriginals(newOnly.url);
    } finally {
      await newOnly.stop();
    }
  });

  test('a second run re-seals nothing and changes no stored value', async () => {
    const before = await sealedSnapshot(registry.sql);
    const result = await new Resealer(registry.sql, rotatedVault, { batchSize: 3 }).run();
    assert.deepEqual(Object.values(result.tables).map((table) => table.resealed), [0, 0]);
    assert.equal(result.remaining, 0);
    assert.deepEqual(await sealedSnapshot(registry.sql), before);
  });

  test('a row the service rewrites while it is being re-sealed keeps the service\'s value', async () => {
    const target = enterprises[0].uscc;
    await registry.sql`update registry.enterprises set contact_phone_enc = ${oldVault.encrypt('13800000000')} where uscc = ${target}`;
    const serviceValue = rotatedVault.encrypt('13877776666');
    const resealerSql = createSql(registry.database.url, 2);
    try {
      let run: Promise<Awaited<ReturnType<Resealer['run']>>> | undefined;
      // The "service" holds the row (as amendFiling does) while the re-sealer reads the old value and tries to write.
      await registry.sql.begin(async (tx) => {
        await tx`update registry.enterprises set contact_phone_enc = ${serviceValue} where uscc = ${target}`;
        run = new Resealer(resealerSql, rotatedVault).run();
        for (let i = 0; i < 200; i++) {
          const [waiting] = await registry.sql`
            select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and query like '%update registry.enterprises%'`;
          if (waiting.n > 0) break;
          await sleep(25);
        }
      });
      const result = await run!;
      assert.deepEqual(result.tables['registry.enterprises'], { resealed: 0, changedMeanwhile: 1, failed: [] });
      assert.equal(result.remaining, 0);
      const [row] = await registry.sql`select contact_phone_enc from registry.enterprises where uscc = ${target}`;
      assert.equal(row.contact_phone_enc, serviceValue);
    } finally {
      await resealerSql.end({ timeout: 5 });
    }
  });

  test('npm run pii:rotate prints its progress, re-seals what is left under old keys and exits 0', async () => {
    await registry.sql`update registry.persons set phone_enc = ${oldVault.encrypt(persons[1].phone!)} where id = ${persons[1].id}`;
    const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, 'pii-rotate.js')], {
      env: { ...process.env, DATABASE_URL: registry.database.url, PII_ENCRYPTION_KEYS: ROTATED },
    });
    assert.match(stdout, /re-sealing personal data under key "new2026"/);
    assert.match(stdout, /registry\.persons: 1 of 1 rows re-sealed/);
    assert.match(stdout, /registry\.enterprises: 0 re-sealed/);
    assert.match(stdout, /0 rows left under older keys/);
    assert.deepEqual(Object.keys((await keyIds(registry.sql))['registry.persons.phone_enc']), ['new2026']);
    await assertPersonsRevealOriginals(rotated.url);
  });

  test('a value under a key no longer listed is reported by row key, left untouched, and the command exits 1', async () => {
    const target = enterprises[1].uscc;
    const [{ legal_representative_enc: original }] = await registry.sql`select legal_representative_enc from registry.enterprises where uscc = ${target}`;
    const lost = new PiiVault(key('lost2020', 33), Buffer.from(hashKey)).encrypt('法人1');
    await registry.sql`update registry.enterprises set legal_representative_enc = ${lost} where uscc = ${target}`;
    try {
      const result = await new Resealer(registry.sql, rotatedVault).run();
      assert.deepEqual(result.tables['registry.enterprises'], { resealed: 0, changedMeanwhile: 0, failed: [target] });
      assert.equal(result.remaining, 1);
      const [row] = await registry.sql`select legal_representative_enc from registry.enterprises where uscc = ${target}`;
      assert.equal(row.legal_representative_enc, lost);
      const failure = await promisify(execFile)(process.execPath, [join(__dirname, 'pii-rotate.js')], {
        env: { ...process.env, DATABASE_URL: registry.database.url, PII_ENCRYPTION_KEYS: ROTATED },
      }).then(() => undefined, (error: { code: number; stdout: string; stderr: string }) => error);
      assert.ok(failure, 'the command succeeded although a row could not be re-sealed');
      assert.equal(failure.code, 1);
      assert.match(failure.stdout, new RegExp(`1 could not be opened: ${target}`));
      assert.match(failure.stderr, /1 rows are still under older keys/);
      assert.ok(!`${failure.stdout}${failure.stderr}`.includes('法人1'));
    } finally {
      await registry.sql`update registry.enterprises set legal_representative_enc = ${original} where uscc = ${target}`;
    }
  });
});
