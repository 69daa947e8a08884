import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  aggregation, assertData, assertError, at, busEvents, capture, enterpriseCaller, FILE_PRODUCT, lgtin, objectEvent, partnerCaller, productInput,
  regulator, sgtin, sscc, startTestTraceability, transformation, validGtin13, validUscc, type EventInput, type TestTraceability,
} from '../testing/traceability-harness';

const AFFECTED = `affected { codeCount parcelCount parcels { code waybillNo } declarations { id } codes(first: 100) { totalCount edges { node { code waybillNo } } } }`;
const RISK_FIELDS = `id source severity title status reportedBy batches codes products { id } enterprises { uscc } ${AFFECTED} recall { id reason }`;
const REPORT = `mutation($input: QualityRiskInput!) { reportQualityRisk(input: $input) { ${RISK_FIELDS} } }`;
const RECALL = `mutation($input: RecallInput!) { issueRecall(input: $input) { id reason instructions issuedBy risk { id status } ${AFFECTED} } }`;
const RISK = `query($id: ID!) { qualityRisk(id: $id) { id status recall { id } } }`;
const RISKS = `query($filter: QualityRiskFilter) { qualityRisks(filter: $filter, first: 50) { totalCount edges { node { id } } } }`;

let t: TestTraceability;
const BRAND = validUscc('quality-brand');
const OTHER = validUscc('quality-other');
const GTIN = validGtin13('quality-milk');
const OTHER_GTIN = validGtin13('quality-other');
const lotA = lgtin(GTIN, 'LOT-A');
const lotB = lgtin(GTIN, 'LOT-B');
const a = Array.from({ length: 20 }, (_, i) => sgtin(GTIN, `a${i}`));
const b = Array.from({ length: 10 }, (_, i) => sgtin(GTIN, `b${i}`));
const [case1, case2, case3, container] = [sscc(1), sscc(2), sscc(3), sscc(9)];
const parcels = Array.from({ length: 10 }, (_, i) => sscc(100 + i));
const bParcels = Array.from({ length: 4 }, (_, i) => sscc(200 + i));
const reusedParcel = sscc(300);
const declarationOf = (i: number) => `d0000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
let productId: string;
let otherProductId: string;

/**
 * Two batches of one product: lot A made 20 items, lot B 10. The lot-A items go in two cases, then two
 * by two into ten parcels (the last also holds a lot-B item), which travel in one container. The
 * lot-B items go into four parcels of their own; case 1, emptied, is reused for a lot-B item in
 * another parcel afterwards.
 */
function scenario(): EventInput[] {
  const events: EventInput[] = [
    objectEvent([], { quantityList: [{ epcClass: lotA, quantity: 50, uom: 'KGM' }], eventTime: at(2000) }),
    objectEvent([], { quantityList: [{ epcClass: lotB, quantity: 50, uom: 'KGM' }], eventTime: at(2000) }),
    transformation([lotA], a, { eventTime: at(1900) }),
    transformation([lotB], b, { eventTime: at(1900) }),
    aggregation(case1, a.slice(0, 10), { eventTime: at(1800) }),
    aggregation(case2, a.slice(10), { eventTime: at(1800) }),
    aggregation(case3, b, { eventTime: at(1800) }),
  ];
  parcels.forEach((parcel, i) => {
    const items = i === 9 ? [a[18], a[19], b[0]] : [a[2 * i], a[2 * i + 1]];
    events.push(aggregation(parcel, items, { eventTime: at(1700), bizTransactionList: [{ type: 'waybill', id: `YT-A-${i}` }] }));
    events.push(objectEvent([parcel], { action: 'OBSERVE', bizStep: 'departing', eventTime: at(1500),
      bizTransactionList: [{ type: 'waybill', id: `YT-A-${i}` }, { type: 'declaration', id: declarationOf(i) }] }));
  });
  events.push(aggregation(container, parcels, { eventTime: at(1600), bizStep: 'loading', bizTransactionList: [{ type: 'bol', id: 'BL-Q-1' }] }));
  bParcels.forEach((parcel, i) => {
    events.push(aggregation(parcel, [b[2 * i + 1], b[2 * i + 2]], { eventTime: at(1700), bizTransactionList: [{ type: 'waybill', id: `YT-B-${i}` }] }));
    events.push(objectEvent([parcel], { action: 'OBSERVE', bizStep: 'departing', eventTime: at(1500),
      bizTransactionList: [{ type: 'declaration', id: declarationOf(100 + i) }] }));
  });
  events.push(aggregation(case1, [b[9]], { eventTime: at(1400) }));
  events.push(aggregation(reusedParcel, [case1], { eventTime: at(1300), bizTransactionList: [{ type: 'waybill', id: 'YT-REUSED' }] }));
  return events;
}

before(async () => {
  t = await startTestTraceability();
  await t.fileEnterprise(BRAND);
  await t.fileEnterprise(OTHER);
  productId = assertData(await t.request(FILE_PRODUCT, { input: productInput({ gtin: GTIN }) }, enterpriseCaller(BRAND))).fileProduct.id;
  otherProductId = assertData(await t.request(FILE_PRODUCT, { input: productInput({ gtin: OTHER_GTIN }) }, enterpriseCaller(OTHER))).fileProduct.id;
  await capture(t, scenario());
});

after(async () => {
  await t?.stop();
});

const codesOf = (list: { code: string }[]) => list.map((entry) => entry.code).sort();

describe('reportQualityRisk', () => {
  let riskId: string;

  test('a risk on a batch reaches every parcel holding its items, with their waybills, and their declarations', async () => {
    const risk = assertData(await t.request(REPORT, { input: {
      source: 'INSPECTION', severity: 'HIGH', title: '抽检不合格: 阪崎肠杆菌', reference: 'CIQ-2025-0917', productIds: [productId], batches: [lotA],
    } }, regulator())).reportQualityRisk;
    riskId = risk.id;
    assert.equal(risk.status, 'OPEN');
    assert.deepEqual(risk.enterprises, [{ uscc: BRAND }]);
    assert.deepEqual(risk.products, [{ id: productId }]);
    assert.deepEqual(risk.affected.parcels, parcels.map((code, i) => ({ code, waybillNo: `YT-A-${i}` })).sort((x, y) => x.code.localeCompare(y.code)));
    assert.equal(risk.affected.parcelCount, 10);
    assert.deepEqual(risk.affected.declarations.map((d: { id: string }) => d.id), Array.from({ length: 10 }, (_, i) => declarationOf(i)));
    assert.deepEqual(codesOf(risk.affected.codes.edges.map((edge: { node: { code: string } }) => edge.node)),
      [lotA, ...a, case1, case2, ...parcels, container].sort());
    assert.equal(risk.affected.codeCount, 34);
    for (const unaffected of [...bParcels, reusedParcel, case3, lotB, ...b.slice(1)]) {
      assert.ok(!codesOf(risk.affected.codes.edges.map((edge: { node: { code: string } }) => edge.node)).includes(unaffected), unaffected);
    }
  });

  test('the risk is published for credit with the enterprises answering for it and what it reached', async () => {
    const [event] = (await busEvents(t.sql, 'traceability.quality-risk.reported')).filter((e) => e.subject === riskId);
    assert.deepEqual({ ...event.data, reportedAt: undefined }, {
      riskId, source: 'INSPECTION', severity: 'HIGH', title: '抽检不合格: 阪崎肠杆菌', productIds: [productId], batches: [lotA], codes: [],
      enterprises: [BRAND], affectedCodeCount: 34, parcelCount: 10, declarationCount: 10,
      declarationIds: Array.from({ length: 10 }, (_, i) => declarationOf(i)), reportedAt: undefined,
    });
  });

  test('a risk naming only the product reaches every code of its GTIN: both lots\' parcels, the reused one too', async () => {
    const risk = assertData(await t.request(REPORT, { input: {
      source: 'RECALL_NOTICE', severity: 'CRITICAL', title: '境外召回通报', productIds: [productId],
    } }, regulator())).reportQualityRisk;
    assert.deepEqual(codesOf(risk.affected.parcels), [...parcels, ...bParcels, reusedParcel].sort());
  });

  test('issueRecall finds every affected parcel again, marks the risk RECALLED and publishes the recall; a second recall is CONFLICT', async () => {
    const recall = assertData(await t.request(RECALL, { input: { riskId, reason: '批次 LOT-A 检出致病菌', instructions: '停止销售并退回' } }, regulator())).issueRecall;
    assert.equal(recall.risk.status, 'RECALLED');
    assert.deepEqual(codesOf(recall.affected.parcels), [...parcels].sort());
    assert.equal(recall.affected.codeCount, 34);
    const [event] = (await busEvents(t.sql, 'traceability.recall.issued')).filter((e) => e.subject === recall.id);
    assert.equal(event.data.riskId, riskId);
    assert.deepEqual(event.data.enterprises, [BRAND]);
    assert.equal(event.data.parcelCount, 10);
    const read = assertData(await t.request(RISK, { id: riskId }, regulator())).qualityRisk;
    assert.deepEqual(read, { id: riskId, status: 'RECALLED', recall: { id: recall.id } });
    assertError(await t.request(RECALL, { input: { riskId, reason: 'again' } }, regulator()), 'CONFLICT');
  });

  const invalid: [string, () => Record<string, unknown>, string][] = [
    ['nothing named', () => ({}), 'input.productIds'],
    ['an unknown product', () => ({ productIds: [randomUUID()] }), 'input.productIds[0]'],
    ['a product id that is not an id', () => ({ productIds: ['milk'] }), 'input.productIds[0]'],
    ['a batch of another GTIN than the product\'s', () => ({ productIds: [productId], batches: [lgtin(OTHER_GTIN, 'X')] }), 'input.batches[0]'],
    ['an item given as a batch', () => ({ batches: [a[0]] }), 'input.batches[0]'],
    ['a malformed code', () => ({ codes: ['two words'] }), 'input.codes[0]'],
    ['a blank title', () => ({ productIds: [productId], title: ' ' }), 'input.title'],
  ];
  for (const [what, input, field] of invalid) {
    test(`${what} is BAD_USER_INPUT on ${field}`, async () => {
      assertError(await t.request(REPORT, { input: { source: 'COMPLAINT', severity: 'LOW', title: '投诉', ...input() } }, regulator()), 'BAD_USER_INPUT', field);
    });
  }
});

describe('who reports, recalls and reads risks', () => {
  test('the brand reports on its own products and recalls a risk only it answers for; another enterprise may do neither', async () => {
    const own = assertData(await t.request(REPORT, { input: {
      source: 'COMPLAINT', severity: 'MEDIUM', title: '消费者投诉结块', productIds: [productId], codes: [a[3]],
    } }, enterpriseCaller(BRAND))).reportQualityRisk;
    assert.deepEqual(codesOf(own.affected.parcels), [parcels[1]]);
    assertError(await t.request(REPORT, { input: { source: 'COMPLAINT', severity: 'LOW', title: '别人的商品', productIds: [productId] } },
      enterpriseCaller(OTHER)), 'FORBIDDEN');
    assertError(await t.request(REPORT, { input: { source: 'COMPLAINT', severity: 'LOW', title: '别人的批次', batches: [lotA] } },
      enterpriseCaller(OTHER)), 'FORBIDDEN');
    assertError(await t.request(RECALL, { input: { riskId: own.id, reason: '不是我的' } }, enterpriseCaller(OTHER)), 'FORBIDDEN');
    const recall = assertData(await t.request(RECALL, { input: { riskId: own.id, reason: '主动召回' } }, enterpriseCaller(BRAND))).issueRecall;
    assert.equal(recall.issuedBy, `enterprise-${BRAND}`);
  });

  test('an enterprise reads the risks on its goods or reported by it; another enterprise\'s key reads none of them', async () => {
    const mine = assertData(await t.request(RISKS, {}, enterpriseCaller(BRAND))).qualityRisks;
    const all = assertData(await t.request(RISKS, {}, regulator())).qualityRisks;
    assert.equal(mine.totalCount, all.totalCount, 'every risk so far concerns the brand');
    const theirs = assertData(await t.request(RISKS, {}, enterpriseCaller(OTHER))).qualityRisks;
    assert.equal(theirs.totalCount, 0);
    assertError(await t.request(RISK, { id: mine.edges[0].node.id }, enterpriseCaller(OTHER)), 'FORBIDDEN');
    assertError(await t.request(RISKS, {}, partnerCaller(BRAND)), 'FORBIDDEN');
    const onOther = assertData(await t.request(REPORT, { input: { source: 'PUBLIC_OPINION', severity: 'LOW', title: '舆情', productIds: [otherProductId] } },
      regulator())).reportQualityRisk;
    assert.deepEqual(onOther.affected.parcels, []);
    const filtered = assertData(await t.request(RISKS, { filter: { enterprise: OTHER, sources: ['PUBLIC_OPINION'] } }, regulator())).qualityRisks;
    assert.deepEqual(filtered.edges.map((edge: { node: { id: string } }) => edge.node.id), [onOther.id]);
  });

  test('without trace:write nothing is reported or recalled', async () => {
    const input = { source: 'COMPLAINT', severity: 'LOW', title: '无权限', productIds: [productId] };
    assertError(await t.request(REPORT, { input }, enterpriseCaller(BRAND, [])), 'FORBIDDEN');
    assertError(await t.request(REPORT, { input }, partnerCaller(BRAND)), 'FORBIDDEN');
    assertError(await t.request(REPORT, { input }), 'UNAUTHENTICATED');
  });
});
