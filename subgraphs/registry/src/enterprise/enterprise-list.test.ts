import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AMEND_FILING, assertData, assertError, FILE_ENTERPRISE, fileEnterpriseInput, regulator, REVOKE_FILING, startTestRegistry,
  validCustomsCode, validUscc, type FileEnterpriseInputValue, type TestRegistry,
} from '../testing/registry-harness';

const LIST = `query($filter: EnterpriseFilter, $first: Int, $after: String) {
  enterprises(filter: $filter, first: $first, after: $after) {
    totalCount
    edges { cursor node { uscc name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

let registry: TestRegistry;
const filed: FileEnterpriseInputValue[] = [];

// Seven filings, filed out of USCC order, with the attributes the filter tests pick out.
const FILINGS: Partial<FileEnterpriseInputValue>[] = [
  { uscc: validUscc(507), name: '100%纯棉进出口有限公司', region: 'ZHENGZHOU', roles: ['ECOMMERCE_ENTERPRISE'] },
  { uscc: validUscc(502), name: 'A_B 供应链有限公司', region: 'LUOYANG', roles: ['LOGISTICS'] },
  { uscc: validUscc(505), name: 'AxB 供应链有限公司', region: 'KAIFENG', roles: ['LOGISTICS', 'WAREHOUSE'] },
  { uscc: validUscc(501), name: 'ACME Cross-Border Trading', region: 'ZHENGZHOU', roles: ['ECOMMERCE_PLATFORM'] },
  { uscc: validUscc(506), name: '1000纯棉贸易有限公司', region: 'NANYANG', roles: ['PAYMENT'] },
  { uscc: validUscc(503), name: 'Back\\slash 贸易', region: 'ZHENGZHOU', roles: ['CUSTOMS_BROKER', 'LOGISTICS'] },
  { uscc: validUscc(504), name: '郑州保税仓储有限公司', region: 'ZHENGZHOU', roles: ['WAREHOUSE'], customsCode: validCustomsCode(4242) },
];

before(async () => {
  registry = await startTestRegistry();
  for (const overrides of FILINGS) {
    const input = fileEnterpriseInput(overrides);
    assertData(await registry.request(FILE_ENTERPRISE, { input }, regulator()));
    filed.push(input);
  }
});

after(async () => {
  await registry?.stop();
});

const byUscc = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const usccOf = (name: string) => filed.find((input) => input.name === name)!.uscc;

async function listed(filter: Record<string, unknown>): Promise<{ totalCount: number; usccs: string[] }> {
  const data = assertData(await registry.request(LIST, { filter, first: 100 })).enterprises;
  return { totalCount: data.totalCount, usccs: data.edges.map((edge: { node: { uscc: string } }) => edge.node.uscc) };
}

describe('enterprises pagination', () => {
  test('first: 3 visits all seven filings in USCC order with hasNextPage, endCursor and totalCount', async () => {
    const expected = filed.map((input) => input.uscc).sort(byUscc);
    const visited: string[] = [];
    const pages: { size: number; hasNextPage: boolean; hasPreviousPage: boolean; totalCount: number }[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page: any = assertData(await registry.request(LIST, { first: 3, after })).enterprises; // eslint-disable-line @typescript-eslint/no-explicit-any
      const edges = page.edges as { cursor: string; node: { uscc: string } }[];
      visited.push(...edges.map((edge) => edge.node.uscc));
      assert.equal(page.pageInfo.endCursor, edges.at(-1)?.cursor ?? null);
      assert.equal(page.pageInfo.startCursor, edges[0]?.cursor ?? null);
      pages.push({ size: edges.length, hasNextPage: page.pageInfo.hasNextPage, hasPreviousPage: page.pageInfo.hasPreviousPage, totalCount: page.totalCount });
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    assert.deepEqual(visited, expected);
    assert.deepEqual(pages, [
      { size: 3, hasNextPage: true, hasPreviousPage: false, totalCount: 7 },
      { size: 3, hasNextPage: true, hasPreviousPage: true, totalCount: 7 },
      { size: 1, hasNextPage: false, hasPreviousPage: true, totalCount: 7 },
    ]);
  });

  test('without first a page holds every filing (up to the default of 20)', async () => {
    const page = assertData(await registry.request(LIST, {})).enterprises;
    assert.equal(page.edges.length, 7);
    assert.equal(page.pageInfo.hasNextPage, false);
  });

  test('first: 101 is BAD_USER_INPUT with field first', async () => {
    assertError(await registry.request(LIST, { first: 101 }), 'BAD_USER_INPUT', 'first');
  });

  test('first: -1 is BAD_USER_INPUT with field first', async () => {
    assertError(await registry.request(LIST, { first: -1 }), 'BAD_USER_INPUT', 'first');
  });

  test('a garbage after is BAD_USER_INPUT with field after', async () => {
    assertError(await registry.request(LIST, { first: 3, after: 'not-a-cursor!!' }), 'BAD_USER_INPUT', 'after');
    assertError(await registry.request(LIST, { first: 3, after: Buffer.from('person:123').toString('base64url') }), 'BAD_USER_INPUT', 'after');
  });
});

describe('enterprises filters', () => {
  test('regions keeps only the listed regions', async () => {
    const result = await listed({ regions: ['LUOYANG', 'KAIFENG'] });
    assert.deepEqual(result.usccs, [usccOf('A_B 供应链有限公司'), usccOf('AxB 供应链有限公司')].sort(byUscc));
    assert.equal(result.totalCount, 2);
  });

  test('role keeps the enterprises holding that role among others', async () => {
    const result = await listed({ role: 'LOGISTICS' });
    assert.deepEqual(result.usccs, [usccOf('A_B 供应链有限公司'), usccOf('AxB 供应链有限公司'), usccOf('Back\\slash 贸易')].sort(byUscc));
    assert.equal(result.totalCount, 3);
  });

  test('nameContains is case-insensitive', async () => {
    assert.deepEqual((await listed({ nameContains: 'acme' })).usccs, [usccOf('ACME Cross-Border Trading')]);
  });

  test('nameContains treats % literally', async () => {
    const result = await listed({ nameContains: '100%' });
    assert.deepEqual(result.usccs, [usccOf('100%纯棉进出口有限公司')]);
    assert.equal(result.totalCount, 1);
  });

  test('nameContains treats _ literally', async () => {
    const result = await listed({ nameContains: 'A_B' });
    assert.deepEqual(result.usccs, [usccOf('A_B 供应链有限公司')]);
    assert.equal(result.totalCount, 1);
  });

  test('nameContains treats a backslash literally', async () => {
    assert.deepEqual((await listed({ nameContains: 'k\\s' })).usccs, [usccOf('Back\\slash 贸易')]);
  });

  test('customsCode finds the one enterprise filed under it', async () => {
    const result = await listed({ customsCode: validCustomsCode(4242) });
    assert.deepEqual(result.usccs, [usccOf('郑州保税仓储有限公司')]);
    assert.deepEqual(await listed({ customsCode: validCustomsCode(4243) }), { totalCount: 0, usccs: [] });
  });

  test('statuses keeps the filings in those statuses', async () => {
    const amended = usccOf('ACME Cross-Border Trading');
    const revoked = usccOf('1000纯棉贸易有限公司');
    assertData(await registry.request(AMEND_FILING, { uscc: amended, input: { name: 'ACME Cross-Border Trading Co.' } }, regulator()));
    assertData(await registry.request(REVOKE_FILING, { uscc: revoked, reason: '注销' }, regulator()));

    assert.deepEqual((await listed({ statuses: ['REVOKED'] })).usccs, [revoked]);
    assert.deepEqual((await listed({ statuses: ['AMENDED'] })).usccs, [amended]);
    assert.deepEqual((await listed({ statuses: ['AMENDED', 'REVOKED'] })).usccs, [amended, revoked].sort(byUscc));
    const active = await listed({ statuses: ['ACTIVE'] });
    assert.equal(active.totalCount, 5);
    assert.ok(!active.usccs.includes(amended) && !active.usccs.includes(revoked));
  });

  test('filters combine and paginate with totalCount across pages', async () => {
    const all = (await listed({ regions: ['ZHENGZHOU'] })).usccs;
    assert.equal(all.length, 4);
    const first = assertData(await registry.request(LIST, { filter: { regions: ['ZHENGZHOU'] }, first: 2 })).enterprises;
    assert.equal(first.totalCount, 4);
    assert.equal(first.pageInfo.hasNextPage, true);
    const second = assertData(await registry.request(LIST, { filter: { regions: ['ZHENGZHOU'] }, first: 2, after: first.pageInfo.endCursor })).enterprises;
    assert.equal(second.totalCount, 4);
    assert.equal(second.pageInfo.hasNextPage, false);
    assert.deepEqual([...first.edges, ...second.edges].map((edge: { node: { uscc: string } }) => edge.node.uscc), all);
    assert.deepEqual((await listed({ regions: ['ZHENGZHOU'], role: 'WAREHOUSE' })).usccs, [usccOf('郑州保税仓储有限公司')]);
  });
});
