import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertData, assertError, busEvents, CHANGE_STATUS, enterpriseCaller, firm, partnerCaller, REGISTER, regulator, revokedEvent, startTestLogistics,
  tableCounts, warehouseInput, WAREHOUSES, type TestLogistics,
} from '../testing/logistics-harness';

let t: TestLogistics;
const OPERATOR = firm('warehouse-operator', ['WAREHOUSE'], 'W001');
const CARRIER = firm('warehouse-carrier', ['LOGISTICS'], 'W002');
const SELLER = firm('warehouse-seller', ['ECOMMERCE_ENTERPRISE'], 'W003');
const REVOKED = firm('warehouse-revoked', ['WAREHOUSE'], 'W004');
const UNFILED = firm('warehouse-unfiled', ['WAREHOUSE']);

before(async () => {
  t = await startTestLogistics();
  await t.file(OPERATOR, CARRIER, SELLER, REVOKED);
  await t.publish(revokedEvent(REVOKED));
  await t.settle();
});

after(async () => {
  await t?.stop();
});

const register = (input: Record<string, unknown>, identity = regulator()) => t.request(REGISTER, { input }, identity);

describe('registerWarehouse validation', () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['a blank name', { name: '  ' }, 'input.name', /must not be blank/],
    ['a name over 200 characters', { name: '仓'.repeat(201) }, 'input.name', /at most 200/],
    ['an operator USCC with a wrong check character', { operatorUscc: `${OPERATOR.uscc.slice(0, 17)}${OPERATOR.uscc.endsWith('0') ? '1' : '0'}` }, 'input.operatorUscc', /check character/],
    ['a country in lower case', { country: 'us' }, 'input.country', /capitals, e\.g\. US/],
    ['a country that is not two letters', { country: 'USA' }, 'input.country', /ISO 3166-1 alpha-2/],
    ['an overseas warehouse in China', { country: 'CN' }, 'input.country', /outside China/],
    ['a bonded warehouse abroad', { kind: 'BONDED' }, 'input.country', /BONDED warehouse is in China/],
    ['a blank city', { city: '' }, 'input.city', /must not be blank/],
    ['an area of 0', { areaM2: 0 }, 'input.areaM2', /more than 0/],
    ['a negative area', { areaM2: -50 }, 'input.areaM2', /more than 0/],
    ['an area over 2 km²', { areaM2: 2_000_001 }, 'input.areaM2', /at most 2,000,000/],
  ];
  for (const [what, overrides, field, message] of cases) {
    test(`${what} is BAD_USER_INPUT naming ${field}, and nothing is written`, async () => {
      const before = await tableCounts(t.sql);
      const error = assertError(await register(warehouseInput(OPERATOR.uscc, overrides)), 'BAD_USER_INPUT', field);
      assert.match(error.message, message);
      assert.deepEqual(await tableCounts(t.sql), before);
    });
  }

  test('an operator not filed, revoked, or filed in another role is BAD_USER_INPUT on input.operatorUscc', async () => {
    assert.match(assertError(await register(warehouseInput(UNFILED.uscc)), 'BAD_USER_INPUT', 'input.operatorUscc').message, /file it first|files first/);
    assert.match(assertError(await register(warehouseInput(REVOKED.uscc)), 'BAD_USER_INPUT', 'input.operatorUscc').message, /revoked/);
    assert.match(assertError(await register(warehouseInput(SELLER.uscc)), 'BAD_USER_INPUT', 'input.operatorUscc').message, /\(WAREHOUSE or LOGISTICS\); its roles: ECOMMERCE_ENTERPRISE/);
  });
});

describe('who registers', () => {
  test('an operator registers its own warehouse; services are kept once each, in order, and the area to 0.01', async () => {
    const input = warehouseInput(OPERATOR.uscc, { name: '自营仓 法兰克福', kind: 'PRIVATE_OVERSEAS', country: 'DE', city: 'Frankfurt', areaM2: 3000.456,
      services: ['RETURNS', 'STORAGE', 'RETURNS'] });
    const warehouse = assertData(await register(input, enterpriseCaller(OPERATOR.uscc))).registerWarehouse;
    assert.equal(warehouse.status, 'ACTIVE');
    assert.equal(warehouse.areaM2, 3000.46);
    assert.deepEqual(warehouse.services, ['STORAGE', 'RETURNS']);
    assert.deepEqual(warehouse.operator, { uscc: OPERATOR.uscc });
    assert.deepEqual(warehouse.statusHistory.map((change: { from: string | null; to: string }) => [change.from, change.to]), [[null, 'ACTIVE']]);
  });

  test('a logistics firm may operate a warehouse too', async () => {
    assertData(await register(warehouseInput(CARRIER.uscc, { name: '航空港保税仓', kind: 'BONDED', country: 'CN', city: '郑州' }), enterpriseCaller(CARRIER.uscc)));
  });

  test('an enterprise registering for another USCC, or a partner, is FORBIDDEN and nothing is written', async () => {
    const before = await tableCounts(t.sql);
    assertError(await register(warehouseInput(OPERATOR.uscc, { name: 'not mine' }), enterpriseCaller(CARRIER.uscc)), 'FORBIDDEN');
    assertError(await register(warehouseInput(OPERATOR.uscc, { name: 'not mine' }), partnerCaller(SELLER.uscc)), 'FORBIDDEN');
    assertError(await t.request(REGISTER, { input: warehouseInput(OPERATOR.uscc, { name: 'anonymous' }) }), 'UNAUTHENTICATED');
    assert.deepEqual(await tableCounts(t.sql), before);
  });
});

describe('idempotency and events', () => {
  test('the same warehouse sent again returns it and publishes nothing more; other details are CONFLICT', async () => {
    const input = warehouseInput(OPERATOR.uscc, { name: 'Public warehouse Dallas', city: 'Dallas' });
    const first = assertData(await register(input)).registerWarehouse;
    const events = await busEvents(t.sql, 'logistics.warehouse.registered', first.id);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].data, {
      warehouseId: first.id, name: 'Public warehouse Dallas', operatorUscc: OPERATOR.uscc, kind: 'PUBLIC_OVERSEAS', country: 'US', city: 'Dallas',
      areaM2: '12000.50', services: ['STORAGE', 'FULFILMENT'], status: 'ACTIVE', registeredAt: first.registeredAt,
    });
    // Case and spacing of name and city do not make another warehouse.
    const again = assertData(await register({ ...input, name: ' public   WAREHOUSE dallas ', city: 'DALLAS' }));
    assert.equal(again.registerWarehouse.id, first.id);
    assertData(await register(input));
    assert.equal((await busEvents(t.sql, 'logistics.warehouse.registered', first.id)).length, 1);
    const error = assertError(await register({ ...input, areaM2: 15000 }), 'CONFLICT');
    assert.match(error.message, /different areaM2/);
  });

  test('status: the operator closes, a regulator suspends and lifts; CLOSED is final; each change is published with the kind', async () => {
    const warehouse = assertData(await register(warehouseInput(OPERATOR.uscc, { name: 'Status warehouse', city: 'Houston' }))).registerWarehouse;
    const change = (status: string, identity = regulator(), reason = 'inspection') => t.request(CHANGE_STATUS, { input: { id: warehouse.id, status, reason } }, identity);
    assert.match(assertError(await change('SUSPENDED', enterpriseCaller(OPERATOR.uscc)), 'FORBIDDEN').message, /only a regulator suspends/);
    assertError(await change('CLOSED', enterpriseCaller(CARRIER.uscc)), 'FORBIDDEN');
    assertError(await change('SUSPENDED', regulator(), ' '), 'BAD_USER_INPUT', 'input.reason');
    assert.equal(assertData(await change('SUSPENDED')).changeWarehouseStatus.status, 'SUSPENDED');
    assert.match(assertError(await change('ACTIVE', enterpriseCaller(OPERATOR.uscc)), 'FORBIDDEN').message, /lifts a suspension/);
    assert.equal(assertData(await change('ACTIVE')).changeWarehouseStatus.status, 'ACTIVE');
    assert.equal(assertData(await change('ACTIVE')).changeWarehouseStatus.status, 'ACTIVE', 'the current status again changes nothing');
    const closed = assertData(await change('CLOSED', enterpriseCaller(OPERATOR.uscc), 'lease ended')).changeWarehouseStatus;
    assert.deepEqual(closed.statusHistory.map((entry: { from: string | null; to: string }) => `${entry.from}→${entry.to}`),
      ['null→ACTIVE', 'ACTIVE→SUSPENDED', 'SUSPENDED→ACTIVE', 'ACTIVE→CLOSED']);
    assert.equal(closed.statusReason, 'lease ended');
    assert.match(assertError(await change('ACTIVE'), 'CONFLICT').message, /final/);
    const events = await busEvents(t.sql, 'logistics.warehouse.status-changed', warehouse.id);
    assert.deepEqual(events.map((event) => [event.data.from, event.data.to]), [['ACTIVE', 'SUSPENDED'], ['SUSPENDED', 'ACTIVE'], ['ACTIVE', 'CLOSED']]);
    assert.deepEqual(Object.keys(events[2].data).sort(), ['at', 'country', 'from', 'kind', 'operatorUscc', 'reason', 'to', 'warehouseId']);
    assert.equal(events[2].data.kind, 'PUBLIC_OVERSEAS');
    assertError(await t.request(CHANGE_STATUS, { input: { id: '00000000-0000-4000-8000-000000000000', status: 'CLOSED', reason: 'x' } }, regulator()), 'NOT_FOUND');
  });
});

describe('the register is published', () => {
  test('every authenticated caller, partners included, lists and filters it page by page', async () => {
    const operator = firm('warehouse-lister', ['WAREHOUSE'], 'W005');
    await t.file(operator);
    const ids: string[] = [];
    for (const [city, kind, country] of [['Tokyo', 'PUBLIC_OVERSEAS', 'JP'], ['Osaka', 'PUBLIC_OVERSEAS', 'JP'], ['Kobe', 'PRIVATE_OVERSEAS', 'JP'], ['洛阳', 'BONDED', 'CN']]) {
      ids.push(assertData(await register(warehouseInput(operator.uscc, { name: `Lister ${city}`, city, kind, country }))).registerWarehouse.id);
    }
    const reader = partnerCaller(validReader());
    const list = (filter: Record<string, unknown>, first?: number, afterCursor?: string) =>
      t.request(WAREHOUSES, { filter, first, after: afterCursor }, reader).then((response) => assertData(response).warehouses);
    const all = await list({ operatorUscc: operator.uscc });
    assert.equal(all.totalCount, 4);
    assert.deepEqual(all.edges.map((edge: { node: { id: string } }) => edge.node.id), [...ids].reverse(), 'newest registration first');
    const publicInJapan = await list({ operatorUscc: operator.uscc, kind: 'PUBLIC_OVERSEAS', country: 'JP' }, 1);
    assert.equal(publicInJapan.totalCount, 2);
    assert.deepEqual(publicInJapan.edges.map((edge: { node: { id: string } }) => edge.node.id), [ids[1]]);
    assert.equal(publicInJapan.pageInfo.hasNextPage, true);
    const next = await list({ operatorUscc: operator.uscc, kind: 'PUBLIC_OVERSEAS', country: 'JP' }, 1, publicInJapan.pageInfo.endCursor);
    assert.deepEqual(next.edges.map((edge: { node: { id: string } }) => edge.node.id), [ids[0]]);
    assert.equal(next.pageInfo.hasNextPage, false);
    assert.equal((await list({ operatorUscc: operator.uscc, statuses: ['CLOSED'] })).totalCount, 0);
    assertError(await t.request(WAREHOUSES, { filter: { country: 'jp' } }, reader), 'BAD_USER_INPUT', 'filter.country');
    assertError(await t.request(WAREHOUSES, { after: 'bm90LWEtY3Vyc29y' }, reader), 'BAD_USER_INPUT', 'after');
    const one = assertData(await t.request(`query($id: ID!) { warehouse(id: $id) { id name city } }`, { id: ids[3] }, reader)).warehouse;
    assert.deepEqual(one, { id: ids[3], name: 'Lister 洛阳', city: '洛阳' });
    assert.equal(assertData(await t.request(`query($id: ID!) { warehouse(id: $id) { id } }`, { id: '00000000-0000-4000-8000-000000000000' }, reader)).warehouse, null);
  });
});

function validReader(): string {
  return firm('warehouse-reader-bank', ['BANK']).uscc;
}
