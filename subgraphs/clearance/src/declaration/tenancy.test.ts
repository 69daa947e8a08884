import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertData, assertError, busEvents, DECLARATION, enterpriseCaller, fileFirms, firms, inventoryInput, orderInput, parcel, partnerCaller,
  paymentInput, regulator, startTestClearance, submitParcel, SUBMIT_INVENTORY, SUBMIT_ORDER, SUBMIT_PAYMENT, SUBMIT_WAYBILL, tableCounts,
  waybillInput, type Firms, type TestClearance,
} from '../testing/clearance-harness';

let t: TestClearance;
let own: Firms;
let other: Firms;
let declarationId: string;
let ownParcel: ReturnType<typeof parcel>;

const LIST = `query($filter: DeclarationFilter, $first: Int, $after: String) {
  declarations(filter: $filter, first: $first, after: $after) { totalCount edges { cursor node { id copNo status } } pageInfo { hasNextPage endCursor } } }`;
const ENTERPRISE_DECLARATIONS = `query($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Enterprise { uscc declarations(first: 50) { totalCount edges { node { id } } } } } }`;
const DECLARATION_ENTITY = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Declaration { id status } } }`;
const WAYBILL_ENTITY = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Waybill { logisticsNo orderNo declaration { id } } } }`;

before(async () => {
  t = await startTestClearance();
  own = firms('own');
  other = firms('other');
  await fileFirms(t, [...Object.values(own), ...Object.values(other)]);
  // Each enterprise submits its own documents: the platform its order, the payment firm its payment …
  const p = parcel();
  ownParcel = p;
  assertData(await t.request(SUBMIT_ORDER, { input: orderInput(own, p) }, enterpriseCaller(own.platform.uscc)));
  assertData(await t.request(SUBMIT_PAYMENT, { input: paymentInput(own, p) }, enterpriseCaller(own.payment.uscc)));
  assertData(await t.request(SUBMIT_WAYBILL, { input: waybillInput(own, p) }, enterpriseCaller(own.logistics.uscc)));
  const declaration = assertData(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(own, p, { agentCode: own.broker.customsCode }) },
    enterpriseCaller(own.broker.uscc))).submitInventory;
  assert.equal(declaration.status, 'MATCHED');
  declarationId = declaration.id;
  await submitParcel(t, other, parcel());
});

after(async () => {
  await t?.stop();
});

describe('who may submit a document', () => {
  test('an enterprise not named on the document in that role is FORBIDDEN and nothing is written', async () => {
    const p = parcel();
    const before = await tableCounts(t.sql);
    assertError(await t.request(SUBMIT_ORDER, { input: orderInput(own, p) }, enterpriseCaller(own.ecommerce.uscc)), 'FORBIDDEN');
    assertError(await t.request(SUBMIT_PAYMENT, { input: paymentInput(own, p) }, enterpriseCaller(own.platform.uscc)), 'FORBIDDEN');
    assertError(await t.request(SUBMIT_WAYBILL, { input: waybillInput(own, p) }, enterpriseCaller(other.logistics.uscc)), 'FORBIDDEN');
    assertError(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(own, p) }, enterpriseCaller(own.logistics.uscc)), 'FORBIDDEN');
    assertError(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(own, p) }, partnerCaller(own.ecommerce.uscc, ['declarations:write'])), 'FORBIDDEN');
    assert.deepEqual(await tableCounts(t.sql), before);
  });

  test('without declarations:write even the right enterprise is FORBIDDEN', async () => {
    const error = assertError(await t.request(SUBMIT_ORDER, { input: orderInput(own, parcel()) }, enterpriseCaller(own.platform.uscc, [])), 'FORBIDDEN');
    assert.match(error.message, /declarations:write/);
  });
});

describe('who may read a declaration', () => {
  test('every party reads it: e-commerce enterprise, platform, logistics, payment firm and broker', async () => {
    for (const firm of Object.values(own)) {
      const read = assertData(await t.request(DECLARATION, { id: declarationId }, enterpriseCaller(firm.uscc, []))).declaration;
      assert.equal(read?.id, declarationId, firm.roles.join());
      const list = assertData(await t.request(LIST, { first: 50 }, enterpriseCaller(firm.uscc, []))).declarations;
      assert.deepEqual(list.edges.map((e: { node: { id: string } }) => e.node.id), [declarationId], firm.roles.join());
      assert.equal(list.totalCount, 1);
    }
  });

  test('another enterprise reads nothing of it: not by id, not in the list, not through a filter or an entity reference', async () => {
    for (const firm of Object.values(other)) {
      const caller = enterpriseCaller(firm.uscc, ['pii:read']);
      assert.equal(assertData(await t.request(DECLARATION, { id: declarationId }, caller)).declaration, null);
      const list = assertData(await t.request(LIST, { first: 50, filter: { enterprise: own.ecommerce.uscc } }, caller)).declarations;
      assert.deepEqual({ totalCount: list.totalCount, edges: list.edges }, { totalCount: 0, edges: [] });
      const all = assertData(await t.request(LIST, { first: 50 }, caller)).declarations;
      assert.ok(all.edges.every((e: { node: { id: string } }) => e.node.id !== declarationId));
      const entity = assertData(await t.request(DECLARATION_ENTITY, { reps: [{ __typename: 'Declaration', id: declarationId }] }, caller));
      assert.deepEqual(entity._entities, [null]);
    }
  });

  test('Enterprise.declarations is the enterprise\'s own and regulators\'; another enterprise and a partner are FORBIDDEN', async () => {
    const reps = [{ __typename: 'Enterprise', uscc: own.ecommerce.uscc }];
    const mine = assertData(await t.request(ENTERPRISE_DECLARATIONS, { reps }, enterpriseCaller(own.ecommerce.uscc, [])));
    assert.deepEqual(mine._entities[0].declarations.edges.map((e: { node: { id: string } }) => e.node.id), [declarationId]);
    const theirs = assertData(await t.request(ENTERPRISE_DECLARATIONS, { reps }, regulator()));
    assert.equal(theirs._entities[0].declarations.totalCount, 1);
    for (const caller of [enterpriseCaller(other.ecommerce.uscc, []), partnerCaller(own.ecommerce.uscc)]) {
      const response = await t.request(ENTERPRISE_DECLARATIONS, { reps }, caller);
      assert.equal(response.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(response));
    }
  });

  test('a partner is FORBIDDEN for now; a regulator reads all', async () => {
    assertError(await t.request(LIST, {}, partnerCaller(own.ecommerce.uscc)), 'FORBIDDEN');
    assertError(await t.request(DECLARATION, { id: declarationId }, partnerCaller(own.ecommerce.uscc)), 'FORBIDDEN');
    const all = assertData(await t.request(LIST, { first: 50 }, regulator())).declarations;
    assert.equal(all.totalCount, 2);
  });

  test('the waybill entity is the logistics firm\'s and the parties\'; another enterprise gets null', async () => {
    const reps = [{ __typename: 'Waybill', logisticsCode: own.logistics.customsCode, logisticsNo: (await t.sql`select logistics_no from clearance.declarations where id = ${declarationId}`)[0].logistics_no }];
    const mine = assertData(await t.request(WAYBILL_ENTITY, { reps }, enterpriseCaller(own.logistics.uscc, [])));
    assert.equal(mine._entities[0].declaration.id, declarationId);
    const theirs = assertData(await t.request(WAYBILL_ENTITY, { reps }, enterpriseCaller(other.logistics.uscc, [])));
    assert.deepEqual(theirs._entities, [null]);
  });

  test('pages of the list are newest first and stable under the cursor', async () => {
    const first = assertData(await t.request(LIST, { first: 1 }, regulator())).declarations;
    const second = assertData(await t.request(LIST, { first: 1, after: first.pageInfo.endCursor }, regulator())).declarations;
    assert.equal(first.pageInfo.hasNextPage, true);
    assert.equal(second.pageInfo.hasNextPage, false);
    assert.notEqual(first.edges[0].node.id, second.edges[0].node.id);
    assertError(await t.request(LIST, { first: 1, after: 'bogus' }, regulator()), 'BAD_USER_INPUT', 'after');
  });
});

describe('personal data', () => {
  const REVEAL = `query($id: ID!) { declaration(id: $id) { buyer { idNumber(reveal: true) } } }`;

  test('reveal needs pii:read and publishes clearance.pii.revealed with ids only', async () => {
    assertError(await t.request(REVEAL, { id: declarationId }, enterpriseCaller(own.ecommerce.uscc, [])), 'FORBIDDEN');
    const [row] = await t.sql`select buyer_person_id from clearance.declarations where id = ${declarationId}`;
    const data = assertData(await t.request(REVEAL, { id: declarationId }, enterpriseCaller(own.ecommerce.uscc, ['pii:read'])));
    assert.match(data.declaration.buyer.idNumber, /^\d{17}[\dX]$/);
    const [event] = await busEvents(t.sql, 'clearance.pii.revealed', declarationId);
    assert.deepEqual(event.data, { subjectType: 'Declaration', subjectId: declarationId, fields: ['buyer.idNumber'] });
    assert.ok(!JSON.stringify(event.data).includes(data.declaration.buyer.idNumber));
    assert.ok(row.buyer_person_id);
  });

  test('no plain ID number, name or phone is stored or logged', async () => {
    const [dump] = await t.sql`select
      (select string_agg(d::text, ' ') from clearance.declarations d) as declarations,
      (select string_agg(o::text, ' ') from clearance.orders o) as orders,
      (select string_agg(p::text, ' ') from clearance.payments p) as payments,
      (select string_agg(w::text, ' ') from clearance.waybills w) as waybills,
      (select string_agg(e::text, ' ') from bus.events e) as events`;
    const text = Object.values(dump).join(' ');
    for (const needle of [ownParcel.buyerIdNumber, ownParcel.buyerIdNumber.slice(0, 14), '张三', '13800001111', '农业路1号']) {
      assert.ok(!text.includes(needle), `${needle} stored in clear`);
      assert.ok(!t.logs().includes(needle), `${needle} in the log`);
    }
  });
});
