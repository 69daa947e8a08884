import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  assertData, assertError, declarationEvent, enterpriseCaller, firm, MILESTONES_OF, milestoneInput, minutesAgo, partnerCaller, REPORT, regulator,
  startTestLogistics, WAYBILL, type TestLogistics,
} from '../testing/logistics-harness';

/**
 * Who reads a waybill's milestones: its logistics firm, the e-commerce enterprise and platform of
 * the declaration that clears it (known from clearance's events), regulators. Nobody else, partners
 * included.
 */
let t: TestLogistics;
const CARRIER = firm('tenancy-carrier', ['LOGISTICS'], 'T001');
const SECOND_CARRIER = firm('tenancy-second-carrier', ['LOGISTICS'], 'T002');
const SELLER = firm('tenancy-seller', ['ECOMMERCE_ENTERPRISE'], 'T003');
const PLATFORM = firm('tenancy-platform', ['ECOMMERCE_PLATFORM'], 'T004');
const OUTSIDER = firm('tenancy-outsider', ['ECOMMERCE_ENTERPRISE'], 'T005');
const BANK = firm('tenancy-bank', ['BANK']);
const NO = 'LN-TENANCY-0001';
const SHARED_NO = 'LN-TENANCY-SHARED';

before(async () => {
  t = await startTestLogistics();
  await t.file(CARRIER, SECOND_CARRIER, SELLER, PLATFORM, OUTSIDER, BANK);
  for (const [kind, minutes] of [['PICKED_UP', 50], ['DEPARTED', 40]] as const) {
    assertData(await t.request(REPORT, { input: milestoneInput(CARRIER.customsCode!, NO, kind, minutesAgo(minutes)) }, enterpriseCaller(CARRIER.uscc)));
  }
});

after(async () => {
  await t?.stop();
});

const kinds = (waybill: { milestones: { kind: string }[] } | null) => waybill?.milestones.map((milestone) => milestone.kind) ?? null;
const waybillAs = (identity: Parameters<TestLogistics['request']>[2], no = NO, code?: string) => t.request(WAYBILL, { no, code }, identity);
const entityAs = (identity: Parameters<TestLogistics['request']>[2], no = NO) =>
  t.request(MILESTONES_OF, { r: [{ __typename: 'Waybill', logisticsCode: CARRIER.customsCode, logisticsNo: no }] }, identity);

test('the logistics firm and regulators read the milestones; the seller before its declaration is known reads nothing', async () => {
  assert.deepEqual(kinds(assertData(await waybillAs(enterpriseCaller(CARRIER.uscc))).waybill), ['PICKED_UP', 'DEPARTED']);
  assert.deepEqual(kinds(assertData(await waybillAs(regulator())).waybill), ['PICKED_UP', 'DEPARTED']);
  assert.equal(assertData(await waybillAs(enterpriseCaller(SELLER.uscc))).waybill, null);
  assertError(await entityAs(enterpriseCaller(SELLER.uscc)), 'FORBIDDEN');
});

test('once clearance publishes the declaration, its e-commerce enterprise and platform read them; other enterprises and partners never', async () => {
  await t.publish(declarationEvent(randomUUID(), NO, { carrier: CARRIER, enterprise: SELLER, platform: PLATFORM }));
  await t.settle();
  for (const reader of [SELLER, PLATFORM]) {
    assert.deepEqual(kinds(assertData(await waybillAs(enterpriseCaller(reader.uscc))).waybill), ['PICKED_UP', 'DEPARTED']);
    assert.deepEqual(kinds(assertData(await entityAs(enterpriseCaller(reader.uscc)))._entities[0]), ['PICKED_UP', 'DEPARTED']);
  }
  for (const stranger of [enterpriseCaller(OUTSIDER.uscc), enterpriseCaller(SECOND_CARRIER.uscc), partnerCaller(BANK.uscc)]) {
    assert.equal(assertData(await waybillAs(stranger)).waybill, null);
    const error = assertError(await entityAs(stranger), 'FORBIDDEN');
    assert.match(error.message, /visible to its logistics firm, the e-commerce enterprise and platform of its declaration, and regulators/);
  }
});

test('a declaration naming the waybill number under another carrier gives its seller nothing of this carrier\'s parcel', async () => {
  await t.publish(declarationEvent(randomUUID(), NO, { carrier: SECOND_CARRIER, enterprise: OUTSIDER }));
  await t.settle();
  const response = await waybillAs(enterpriseCaller(OUTSIDER.uscc));
  // The outsider's own waybill (SECOND_CARRIER's) has no milestones yet; this carrier's stays hidden.
  assert.deepEqual(assertData(response).waybill, { logisticsCode: SECOND_CARRIER.customsCode, logisticsNo: NO, milestones: [] });
  assertError(await entityAs(enterpriseCaller(OUTSIDER.uscc)), 'FORBIDDEN');
});

test('a number two carriers use needs logisticsCode for a caller who may read both; each carrier sees only its own', async () => {
  assertData(await t.request(REPORT, { input: milestoneInput(CARRIER.customsCode!, SHARED_NO, 'PICKED_UP', minutesAgo(9)) }, enterpriseCaller(CARRIER.uscc)));
  assertData(await t.request(REPORT, { input: milestoneInput(SECOND_CARRIER.customsCode!, SHARED_NO, 'EXCEPTION', minutesAgo(8)) }, enterpriseCaller(SECOND_CARRIER.uscc)));
  assert.match(assertError(await waybillAs(regulator(), SHARED_NO), 'BAD_USER_INPUT', 'logisticsCode').message, /more than one logistics firm/);
  assert.deepEqual(kinds(assertData(await waybillAs(regulator(), SHARED_NO, SECOND_CARRIER.customsCode!)).waybill), ['EXCEPTION']);
  assert.deepEqual(kinds(assertData(await waybillAs(enterpriseCaller(CARRIER.uscc), SHARED_NO)).waybill), ['PICKED_UP']);
  assert.deepEqual(kinds(assertData(await waybillAs(enterpriseCaller(SECOND_CARRIER.uscc), SHARED_NO)).waybill), ['EXCEPTION']);
  assert.equal(assertData(await waybillAs(regulator(), 'LN-NOBODY-KNOWS')).waybill, null);
});

test('many waybills as entities cost one query per kind of lookup, not one per waybill', async () => {
  const representations = Array.from({ length: 25 }, (_, i) => ({ __typename: 'Waybill', logisticsCode: CARRIER.customsCode, logisticsNo: `LN-BATCH-${i}` }));
  t.queries.reset();
  const seller = await t.request(MILESTONES_OF, { r: representations }, enterpriseCaller(SELLER.uscc));
  assert.equal(seller.errors?.length, 25, 'the seller is no party to these waybills');
  assert.deepEqual(statementsOf(t.queries.statements), { parties: 1, customsCodes: 1, milestones: 0 });
  t.queries.reset();
  const carrier = assertData(await t.request(MILESTONES_OF, { r: representations }, enterpriseCaller(CARRIER.uscc)));
  assert.equal(carrier._entities.length, 25);
  assert.deepEqual(statementsOf(t.queries.statements), { parties: 0, customsCodes: 1, milestones: 1 });
});

function statementsOf(statements: string[]) {
  return {
    parties: statements.filter((sql) => sql.includes('logistics.declaration_parties')).length,
    customsCodes: statements.filter((sql) => sql.includes('customs_code from logistics.enterprises')).length,
    milestones: statements.filter((sql) => sql.includes('parcel_milestones')).length,
  };
}
