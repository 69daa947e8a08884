import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertData, FILE_ENTERPRISE, FILE_INDIVIDUAL, fileEnterpriseInput, regulator, startTestRegistry, validCustomsCode,
  validResidentId, validUscc, type FileEnterpriseInputValue, type TestRegistry,
} from './testing/registry-harness';

const N = 25;
const ENTITIES = `query($r:[_Any!]!){ _entities(representations:$r){ ... on Enterprise { uscc name } } }`;
const ENTITIES_BY_CODE = `query($r:[_Any!]!){ _entities(representations:$r){ ... on Enterprise { uscc customsCode name } } }`;
const PERSON_ENTITIES = `query($r:[_Any!]!){ _entities(representations:$r){ ... on Person { id region name } } }`;

let registry: TestRegistry;
const enterprises: FileEnterpriseInputValue[] = [];
const personIds: string[] = [];

before(async () => {
  registry = await startTestRegistry();
  for (let i = 0; i < N; i++) {
    const input = fileEnterpriseInput({ uscc: validUscc(3000 + i), customsCode: validCustomsCode(3000 + i), name: `实体解析测试企业${i}` });
    assertData(await registry.request(FILE_ENTERPRISE, { input }, regulator()));
    enterprises.push(input);
    const person = assertData(await registry.request(FILE_INDIVIDUAL, {
      input: { name: `测试${i}`, idNumber: validResidentId(i, '19850615'), region: 'ZHENGZHOU' },
    }, regulator())).fileIndividual;
    personIds.push(person.id);
  }
});

after(async () => {
  await registry?.stop();
});

/** Runs `query` and returns the data with the number of SQL statements it cost. */
async function measured(query: string, representations: unknown[]) {
  registry.queries.reset();
  const data = assertData(await registry.request(query, { r: representations }))._entities as unknown[];
  return { data, queries: registry.queries.count, statements: registry.queries.statements };
}

describe('_entities', () => {
  test(`${N} Enterprise representations by uscc cost exactly one SQL query and resolve in order`, async () => {
    const wanted = [...enterprises].reverse();
    const { data, queries, statements } = await measured(ENTITIES, wanted.map((e) => ({ __typename: 'Enterprise', uscc: e.uscc })));
    assert.equal(queries, 1, statements.join('\n'));
    assert.deepEqual(data, wanted.map((e) => ({ uscc: e.uscc, name: e.name })));
  });

  test(`${N} Enterprise representations by customsCode cost exactly one SQL query and resolve in order`, async () => {
    const wanted = [...enterprises.slice(10), ...enterprises.slice(0, 10)];
    const { data, queries, statements } = await measured(ENTITIES_BY_CODE, wanted.map((e) => ({ __typename: 'Enterprise', customsCode: e.customsCode })));
    assert.equal(queries, 1, statements.join('\n'));
    assert.deepEqual(data, wanted.map((e) => ({ uscc: e.uscc, customsCode: e.customsCode, name: e.name })));
  });

  test(`${N} Person representations by id cost exactly one SQL query and resolve in order`, async () => {
    const wanted = [...personIds].reverse();
    const { data, queries, statements } = await measured(PERSON_ENTITIES, wanted.map((id) => ({ __typename: 'Person', id })));
    assert.equal(queries, 1, statements.join('\n'));
    assert.deepEqual((data as { id: string }[]).map((person) => person.id), wanted);
    assert.ok((data as { region: string; name: string }[]).every((person) => person.region === 'ZHENGZHOU' && person.name.startsWith('测*')));
  });

  test('unknown Enterprise keys (uscc and customsCode) resolve to null in their positions, still one query per key kind', async () => {
    const representations = [
      { __typename: 'Enterprise', uscc: enterprises[3].uscc },
      { __typename: 'Enterprise', uscc: validUscc(99_999) },
      { __typename: 'Enterprise', customsCode: enterprises[5].customsCode },
      { __typename: 'Enterprise', customsCode: validCustomsCode(999_999) },
      { __typename: 'Enterprise', uscc: enterprises[0].uscc },
    ];
    const { data, queries, statements } = await measured(ENTITIES, representations);
    assert.equal(queries, 2, statements.join('\n'));
    assert.deepEqual(data, [
      { uscc: enterprises[3].uscc, name: enterprises[3].name },
      null,
      { uscc: enterprises[5].uscc, name: enterprises[5].name },
      null,
      { uscc: enterprises[0].uscc, name: enterprises[0].name },
    ]);
  });

  test('unknown Person ids resolve to null in their positions with one query', async () => {
    const representations = [personIds[1], 'no-such-person', personIds[2], '0'.repeat(32)].map((id) => ({ __typename: 'Person', id }));
    const { data, queries, statements } = await measured(PERSON_ENTITIES, representations);
    assert.equal(queries, 1, statements.join('\n'));
    assert.deepEqual((data as ({ id: string } | null)[]).map((person) => person?.id ?? null), [personIds[1], null, personIds[2], null]);
  });
});
