import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertData, assertError, busEvents, enterpriseCaller, FILE_PRODUCT, partnerCaller, PRODUCT_FIELDS, productInput, regulator,
  startTestTraceability, validGtin13, validUscc, wrongCheckDigit, type TestTraceability,
} from '../testing/traceability-harness';

let t: TestTraceability;
const OWNER = validUscc('product-owner');
const OTHER = validUscc('product-other');

before(async () => {
  t = await startTestTraceability();
  await t.fileEnterprise(OWNER);
  await t.fileEnterprise(OTHER);
});

after(async () => {
  await t?.stop();
});

const productCount = async () => (await t.sql`select count(*)::int as n from traceability.products`)[0].n as number;

describe('fileProduct', () => {
  test('an ENTERPRISE files a product for itself; it is FILED, owned by it, and traceability.product.filed is published', async () => {
    const input = productInput();
    const product = assertData(await t.request(FILE_PRODUCT, { input }, enterpriseCaller(OWNER))).fileProduct;
    assert.deepEqual({ ...product, id: undefined }, {
      id: undefined, sku: input.sku, name: input.name, hsCode: '1901101000', originCountry: 'NZ', gtin: input.gtin, brand: '示例品牌',
      specification: '800g/罐', status: 'FILED', owner: { uscc: OWNER },
    });
    const events = (await busEvents(t.sql, 'traceability.product.filed')).filter((event) => event.subject === product.id);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].data, {
      productId: product.id, owner: OWNER, sku: input.sku, name: input.name, hsCode: '1901101000', originCountry: 'NZ', gtin: input.gtin, status: 'FILED',
    });
  });

  test('a regulator files for a named owner; without one it is BAD_USER_INPUT on input.owner', async () => {
    const product = assertData(await t.request(FILE_PRODUCT, { input: productInput({ owner: OTHER }) }, regulator())).fileProduct;
    assert.equal(product.owner.uscc, OTHER);
    assertError(await t.request(FILE_PRODUCT, { input: productInput() }, regulator()), 'BAD_USER_INPUT', 'input.owner');
  });

  test('GTIN-8, -12, -13 and -14 with a right check digit are accepted', async () => {
    for (const gtin of ['96385074', '614141000036', '4006381333931', '10614141000033']) {
      const product = assertData(await t.request(FILE_PRODUCT, { input: productInput({ gtin }) }, enterpriseCaller(OWNER))).fileProduct;
      assert.equal(product.gtin, gtin);
    }
  });

  const invalid: [string, Record<string, unknown>, string, RegExp][] = [
    ['a GTIN with a wrong check digit', { gtin: wrongCheckDigit(validGtin13('bad-check')) }, 'input.gtin', /check digit should be \d, got \d/],
    ['a GTIN of 11 digits', { gtin: '12345678901' }, 'input.gtin', /8, 12, 13 or 14 digits/],
    ['a GTIN with letters', { gtin: '69012345678AB' }, 'input.gtin', /digits only/],
    ['an HS code of 8 digits', { hsCode: '19011010' }, 'input.hsCode', /10 digits/],
    ['an HS code with a dot', { hsCode: '1901.10.1000' }, 'input.hsCode', /10 digits/],
    ['a lower-case country', { originCountry: 'nz' }, 'input.originCountry', /alpha-2/],
    ['a three-letter country', { originCountry: 'NZL' }, 'input.originCountry', /alpha-2/],
    ['a blank name', { name: '  ' }, 'input.name', /blank/],
    ['a blank SKU', { sku: '' }, 'input.sku', /blank/],
    ['a malformed owner USCC', { owner: '91410100MA0000000X' }, 'input.owner', /check character/],
  ];
  for (const [what, override, field, message] of invalid) {
    test(`${what} is BAD_USER_INPUT on ${field} and files nothing`, async () => {
      const before = await productCount();
      const error = assertError(await t.request(FILE_PRODUCT, { input: productInput(override) }, enterpriseCaller(OWNER)), 'BAD_USER_INPUT', field);
      assert.match(error.message, message);
      assert.equal(await productCount(), before);
    });
  }

  test('an owner that is not filed, or whose filing is revoked, is BAD_USER_INPUT on input.owner', async () => {
    const unknown = validUscc('never-filed');
    assertError(await t.request(FILE_PRODUCT, { input: productInput({ owner: unknown }) }, regulator()), 'BAD_USER_INPUT', 'input.owner');
    const revoked = validUscc('revoked-owner');
    await t.fileEnterprise(revoked);
    const kept = assertData(await t.request(FILE_PRODUCT, { input: productInput() }, enterpriseCaller(revoked))).fileProduct;
    await t.revokeEnterprise(revoked);
    const error = assertError(await t.request(FILE_PRODUCT, { input: productInput() }, enterpriseCaller(revoked)), 'BAD_USER_INPUT', 'input.owner');
    assert.match(error.message, /revoked/);
    const [row] = await t.sql`select status from traceability.products where id = ${kept.id}`;
    assert.equal(row.status, 'SUSPENDED', 'a revoked filing suspends the products it filed');
  });

  test('the same SKU twice for one owner, or a GTIN filed already, is CONFLICT', async () => {
    const input = productInput();
    assertData(await t.request(FILE_PRODUCT, { input }, enterpriseCaller(OWNER)));
    assertError(await t.request(FILE_PRODUCT, { input: { ...input, gtin: validGtin13('another') } }, enterpriseCaller(OWNER)), 'CONFLICT');
    assertError(await t.request(FILE_PRODUCT, { input: productInput({ gtin: input.gtin }) }, enterpriseCaller(OTHER)), 'CONFLICT');
    // The same SKU under another owner is another product.
    assertData(await t.request(FILE_PRODUCT, { input: { ...input, gtin: null } }, enterpriseCaller(OTHER)));
  });

  test('an ENTERPRISE filing for another USCC, a PARTNER, a caller without trace:write or without identity write nothing', async () => {
    const before = await productCount();
    assertError(await t.request(FILE_PRODUCT, { input: productInput({ owner: OTHER }) }, enterpriseCaller(OWNER)), 'FORBIDDEN');
    assertError(await t.request(FILE_PRODUCT, { input: productInput() }, partnerCaller(OWNER)), 'FORBIDDEN');
    assertError(await t.request(FILE_PRODUCT, { input: productInput() }, enterpriseCaller(OWNER, [])), 'FORBIDDEN');
    assertError(await t.request(FILE_PRODUCT, { input: productInput() }), 'UNAUTHENTICATED');
    assert.equal(await productCount(), before);
  });
});

describe('reading products', () => {
  const LIST = `query($filter: ProductFilter, $first: Int, $after: String) { products(filter: $filter, first: $first, after: $after) {
    totalCount edges { cursor node { ${PRODUCT_FIELDS} } } pageInfo { hasNextPage endCursor } } }`;
  const OF = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { uscc products(first: 50) { totalCount edges { node { owner { uscc } } } } } } }`;
  const ONE = `query($id: ID!) { product(id: $id) { id sku owner { uscc } } }`;
  let lister: string;
  let other: string;

  before(async () => {
    lister = validUscc('lister');
    other = validUscc('lister-other');
    await t.fileEnterprise(lister);
    await t.fileEnterprise(other);
    for (let i = 0; i < 5; i++) assertData(await t.request(FILE_PRODUCT, { input: productInput({ sku: `L-${i}` }) }, enterpriseCaller(lister)));
    assertData(await t.request(FILE_PRODUCT, { input: productInput({ sku: 'O-1' }) }, enterpriseCaller(other)));
  });

  test('an ENTERPRISE lists its own products only, by SKU, page by page', async () => {
    const first = assertData(await t.request(LIST, { first: 3 }, enterpriseCaller(lister))).products;
    assert.equal(first.totalCount, 5);
    assert.deepEqual(first.edges.map((edge: { node: { sku: string } }) => edge.node.sku), ['L-0', 'L-1', 'L-2']);
    assert.equal(first.pageInfo.hasNextPage, true);
    const second = assertData(await t.request(LIST, { first: 3, after: first.pageInfo.endCursor }, enterpriseCaller(lister))).products;
    assert.deepEqual(second.edges.map((edge: { node: { sku: string } }) => edge.node.sku), ['L-3', 'L-4']);
    assert.equal(second.pageInfo.hasNextPage, false);
  });

  test('filters by GTIN, HS prefix and name; a regulator lists everyone\'s', async () => {
    const all = assertData(await t.request(LIST, { first: 100 }, regulator())).products;
    assert.ok(all.totalCount >= 6);
    const one = all.edges.find((edge: { node: { sku: string } }) => edge.node.sku === 'O-1').node;
    const byGtin = assertData(await t.request(LIST, { filter: { gtin: one.gtin } }, regulator())).products;
    assert.deepEqual(byGtin.edges.map((edge: { node: { id: string } }) => edge.node.id), [one.id]);
    assert.equal(assertData(await t.request(LIST, { filter: { hsCodePrefix: '1901', owner: lister } }, regulator())).products.totalCount, 5);
    assert.equal(assertData(await t.request(LIST, { filter: { hsCodePrefix: '3304', owner: lister } }, regulator())).products.totalCount, 0);
  });

  test('another enterprise\'s product, list or Enterprise.products is FORBIDDEN; partners read no products', async () => {
    const mine = assertData(await t.request(LIST, { first: 1 }, enterpriseCaller(other))).products.edges[0].node;
    assertError(await t.request(ONE, { id: mine.id }, enterpriseCaller(lister)), 'FORBIDDEN');
    assertError(await t.request(LIST, { filter: { owner: other } }, enterpriseCaller(lister)), 'FORBIDDEN');
    const entities = await t.request(OF, { r: [{ __typename: 'Enterprise', uscc: other }] }, enterpriseCaller(lister));
    assert.equal(entities.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assertError(await t.request(LIST, {}, partnerCaller(other)), 'FORBIDDEN');
    assert.equal(assertData(await t.request(ONE, { id: mine.id }, enterpriseCaller(other))).product.id, mine.id);
  });

  test('Enterprise.products answers the enterprise itself and regulators', async () => {
    const own = assertData(await t.request(OF, { r: [{ __typename: 'Enterprise', uscc: lister }] }, enterpriseCaller(lister)))._entities[0];
    assert.equal(own.products.totalCount, 5);
    assert.ok(own.products.edges.every((edge: { node: { owner: { uscc: string } } }) => edge.node.owner.uscc === lister));
    const seen = assertData(await t.request(OF, { r: [{ __typename: 'Enterprise', uscc: other }] }, regulator()))._entities[0];
    assert.equal(seen.products.totalCount, 1);
  });
});
