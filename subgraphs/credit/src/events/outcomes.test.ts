import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { NewEvent } from '@sw/kernel';
import { busEvents, profileOf, startTestCredit, validUscc, type TestCredit } from '../testing/credit-harness';

/**
 * Clearance outcomes and traceability quality risks reach credit as real events on the bus, published
 * with the catalogue's fields exactly as clearance and traceability publish them.
 */
let credit: TestCredit;
let seed = 7000;
async function filed(): Promise<string> {
  const uscc = validUscc(seed++);
  await credit.file(uscc);
  return uscc;
}

const parties = (enterprise: string, platform: string) =>
  ({ ECOMMERCE_ENTERPRISE: enterprise, ECOMMERCE_PLATFORM: platform, LOGISTICS: null, PAYMENT: null, CUSTOMS_BROKER: null });

function mismatched(enterprise: string, platform: string, declarationId: string, mismatches: { field: string; document: string; expected: string | null; actual: string | null }[]): NewEvent {
  return {
    type: 'clearance.match.mismatched', subject: declarationId, actor: 'regulator-1',
    data: { declarationId, copNo: `COP-${declarationId.slice(0, 8)}`, orderNo: `ORD-${declarationId.slice(0, 8)}`, enterprise, platform, parties: parties(enterprise, platform), mismatches },
  };
}

function rejected(enterprise: string, platform: string, declarationId = randomUUID()): NewEvent {
  return {
    type: 'clearance.declaration.rejected', subject: declarationId, actor: 'customs',
    data: {
      declarationId, copNo: `COP-${declarationId.slice(0, 8)}`, orderNo: `ORD-${declarationId.slice(0, 8)}`, enterprise, platform,
      parties: parties(enterprise, platform), receiptCode: '100', reason: '海关退单：商品编码与商品名称不符，请核实后重新申报', at: new Date().toISOString(),
    },
  };
}

function qualityRisk(enterprises: string[], riskId = randomUUID()): NewEvent {
  return {
    type: 'traceability.quality-risk.reported', subject: riskId, actor: 'regulator-1',
    data: {
      riskId, source: 'INSPECTION', severity: 'HIGH', title: '面霜菌落总数超标', productIds: [randomUUID()], batches: ['B2026-01'], codes: [],
      enterprises, affectedCodeCount: 12, parcelCount: 3, declarationCount: 2, declarationIds: [randomUUID(), randomUUID()], reportedAt: new Date().toISOString(),
    },
  };
}

function recall(enterprises: string[], riskId: string): NewEvent {
  const recallId = randomUUID();
  return {
    type: 'traceability.recall.issued', subject: recallId, actor: 'regulator-1',
    data: {
      recallId, riskId, source: 'INSPECTION', severity: 'HIGH', productIds: [], enterprises, reason: '召回批次B2026-01', affectedCodeCount: 12,
      parcelCount: 3, declarationCount: 2, declarationIds: [], issuedAt: new Date().toISOString(),
    },
  };
}

async function recordsOf(uscc: string) {
  return (await credit.sql`
    select source, kind, authority, evidence, detail, source_key from credit.records where uscc = ${uscc} order by recorded_at, id`).map((row) => ({ ...row }));
}

const PAYMENT_AMOUNT = { field: 'amountPaid', document: 'PAYMENT', expected: '310.00', actual: '300.00' };
const CONSIGNEE_PHONE = { field: 'consigneeTelephone', document: 'WAYBILL', expected: '138****1111', actual: '138****2222' };

before(async () => {
  credit = await startTestCredit();
});

after(async () => {
  await credit?.stop();
});

describe('clearance mismatches and rejections', () => {
  test('a mismatch is one CLEARANCE_MISMATCH record of the e-commerce enterprise (not the platform), −1, naming fields but no values', async () => {
    const enterprise = await filed();
    const platform = await filed();
    const declarationId = randomUUID();
    await credit.publish(mismatched(enterprise, platform, declarationId, [PAYMENT_AMOUNT]));
    await credit.settle();

    const [record, ...more] = await recordsOf(enterprise);
    assert.equal(more.length, 0);
    assert.equal(record.source, 'CLEARANCE');
    assert.equal(record.kind, 'CLEARANCE_MISMATCH');
    assert.equal(record.source_key, `clearance:mismatch:${declarationId}:${enterprise}`);
    assert.match(record.evidence, /PAYMENT\.amountPaid/);
    assert.doesNotMatch(record.evidence, /310\.00|300\.00/);
    assert.deepEqual(record.detail.fields, ['PAYMENT.amountPaid']);
    assert.deepEqual(await recordsOf(platform), []);

    const profile = await profileOf(credit, enterprise);
    assert.equal(profile.score, 79);
    assert.equal(profile.grade, 'B');
    assert.deepEqual(profile.factors.map((f: { source: string; kind: string; contribution: number }) => [f.source, f.kind, f.contribution]),
      [['BASE', 'BASE', 80], ['CLEARANCE', 'CLEARANCE_MISMATCH', -1]]);
    assert.equal((await profileOf(credit, platform)).score, 80);

    const listed = await credit.request(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { credit { records(first: 5) {
      totalCount edges { node { source kind authority evidence } } } } } } }`, { r: [{ __typename: 'Enterprise', uscc: enterprise }] },
    { subject: 'regulator-1', role: 'REGULATOR', scopes: [] });
    assert.equal(listed.errors, undefined, JSON.stringify(listed.errors));
    assert.equal(listed.data?._entities[0].credit.records.totalCount, 1);
    assert.equal(listed.data?._entities[0].credit.records.edges[0].node.kind, 'CLEARANCE_MISMATCH');
  });

  test('the same declaration mismatching again (an amendment) updates its record\'s evidence; it is not a second lapse', async () => {
    const enterprise = await filed();
    const platform = await filed();
    const declarationId = randomUUID();
    await credit.publish(mismatched(enterprise, platform, declarationId, [PAYMENT_AMOUNT]));
    await credit.publish(mismatched(enterprise, platform, declarationId, [PAYMENT_AMOUNT, CONSIGNEE_PHONE]));
    await credit.settle();
    const records = await recordsOf(enterprise);
    assert.equal(records.length, 1);
    assert.match(records[0].evidence, /PAYMENT\.amountPaid, WAYBILL\.consigneeTelephone/);
    assert.equal((await profileOf(credit, enterprise)).score, 79);
  });

  test('a rejection is a CLEARANCE_REJECTED record, −2, with the receipt and reason; three within 30 days raise a MEDIUM warning and publish the risk class', async () => {
    const enterprise = await filed();
    const platform = await filed();
    await credit.publish(rejected(enterprise, platform));
    await credit.settle();
    let profile = await profileOf(credit, enterprise);
    assert.equal(profile.score, 78);
    assert.equal(profile.riskClass, 'LOW');
    const [record] = await recordsOf(enterprise);
    assert.equal(record.kind, 'CLEARANCE_REJECTED');
    assert.equal(record.authority, 'customs');
    assert.match(record.evidence, /receipt 100: 海关退单：商品编码与商品名称不符/);
    assert.equal(record.detail.receiptCode, '100');

    await credit.publish(rejected(enterprise, platform));
    await credit.publish(rejected(enterprise, platform));
    await credit.settle();
    profile = await profileOf(credit, enterprise, 'score riskClass');
    assert.equal(profile.score, 74);
    assert.equal(profile.riskClass, 'MEDIUM');
    const [warning] = await credit.sql`select kind, severity, evidence from credit.risk_warnings where uscc = ${enterprise} and closed_at is null`;
    assert.deepEqual({ ...warning }, { kind: 'CLEARANCE_REJECTIONS', severity: 'MEDIUM', evidence: '3 rejected declarations within 30 days' });
    const changes = await busEvents(credit.sql, 'credit.risk.class-changed', enterprise);
    assert.deepEqual(changes.map((e) => [e.data.from, e.data.to, e.data.warnings]), [['LOW', 'MEDIUM', ['CLEARANCE_REJECTIONS']]]);
    assert.deepEqual(await recordsOf(platform), []);
  });

  test('five mismatched declarations within 30 days raise CLEARANCE_MISMATCHES', async () => {
    const enterprise = await filed();
    const platform = await filed();
    for (let i = 0; i < 5; i++) await credit.publish(mismatched(enterprise, platform, randomUUID(), [PAYMENT_AMOUNT]));
    await credit.settle();
    const profile = await profileOf(credit, enterprise, 'score riskClass');
    assert.deepEqual(profile, { score: 75, riskClass: 'MEDIUM' });
    const warnings = await credit.sql`select kind from credit.risk_warnings where uscc = ${enterprise} and closed_at is null`;
    assert.deepEqual(warnings.map((w) => w.kind), ['CLEARANCE_MISMATCHES']);
  });

  test('an outcome of an enterprise credit has no filing for waits for the filing; one naming no valid enterprise is ignored', async () => {
    const enterprise = validUscc(seed++);
    const platform = await filed();
    await credit.publish(rejected(enterprise, platform));
    await credit.publish(rejected('NOT-A-USCC', platform));
    await credit.settle();
    const [none] = await credit.sql`select count(*)::int as n from credit.profiles where uscc = ${enterprise}`;
    assert.equal(none.n, 0);
    await credit.file(enterprise);
    assert.equal((await profileOf(credit, enterprise, 'score')).score, 78);
    assert.match(credit.logs(), /rejection event without a valid e-commerce enterprise; ignored/);
  });
});

describe('traceability quality risks and recalls', () => {
  test('a quality risk is a QUALITY_RISK record (−10) of each enterprise it names, with a HIGH warning; the recall on it adds no second deduction', async () => {
    const owner = await filed();
    const coOwner = await filed();
    const riskEvent = qualityRisk([owner, coOwner, owner]);
    await credit.publish(riskEvent);
    await credit.settle();
    for (const uscc of [owner, coOwner]) {
      const profile = await profileOf(credit, uscc, 'score grade riskClass factors { source kind contribution }');
      assert.equal(profile.score, 70);
      assert.equal(profile.grade, 'B');
      assert.equal(profile.riskClass, 'HIGH');
      assert.deepEqual(profile.factors[1], { source: 'TRACEABILITY', kind: 'QUALITY_RISK', contribution: -10 });
    }
    const [record, ...more] = await recordsOf(owner);
    assert.equal(more.length, 0);
    assert.match(record.evidence, /^HIGH quality risk: 面霜菌落总数超标 \(2 declarations, 3 parcels affected\)$/);
    assert.equal(record.authority, 'quality risk report (INSPECTION)');
    const classChanges = await busEvents(credit.sql, 'credit.risk.class-changed', owner);
    assert.deepEqual(classChanges.map((e) => [e.data.from, e.data.to]), [['LOW', 'HIGH']]);

    const recallEvent = recall([owner, coOwner], String(riskEvent.data.riskId));
    await credit.publish(recallEvent);
    await credit.settle();
    const after = await recordsOf(owner);
    assert.equal(after.length, 1);
    assert.equal(after[0].detail.recallId, recallEvent.data.recallId);
    assert.match(after[0].evidence, /; recalled on \d{4}-\d{2}-\d{2}: 召回批次B2026-01$/);
    assert.equal((await profileOf(credit, owner, 'score')).score, 70);
  });

  test('a recall whose risk report never reached credit makes the record itself', async () => {
    const owner = await filed();
    await credit.publish(recall([owner], randomUUID()));
    await credit.settle();
    const [record] = await recordsOf(owner);
    assert.equal(record.kind, 'QUALITY_RISK');
    assert.match(record.evidence, /recalled on/);
    assert.equal((await profileOf(credit, owner, 'score')).score, 70);
  });
});

describe('idempotent consumption of clearance and traceability events', () => {
  test('a redelivery and a replay of the whole log change nothing', async () => {
    const enterprise = await filed();
    const platform = await filed();
    const first = await credit.publish(mismatched(enterprise, platform, randomUUID(), [PAYMENT_AMOUNT]));
    await credit.publish(rejected(enterprise, platform));
    const risk = qualityRisk([enterprise]);
    await credit.publish(risk);
    await credit.publish(recall([enterprise], String(risk.data.riskId)));
    await credit.settle();
    const snapshot = async () => {
      const [row] = await credit.sql`
        select (select count(*)::int from credit.records where uscc = ${enterprise}) as records,
               (select string_agg(evidence, ' | ' order by source_key) from credit.records where uscc = ${enterprise}) as evidence,
               (select count(*)::int from credit.grade_changes where uscc = ${enterprise}) as history,
               (select count(*)::int from credit.risk_warnings where uscc = ${enterprise}) as warnings,
               (select count(*)::int from bus.events where subject = ${enterprise} and type like 'credit.%') as events,
               (select grade || ' ' || score || ' ' || risk_class from credit.profiles where uscc = ${enterprise}) as profile`;
      return { ...row };
    };
    const before = await snapshot();
    assert.equal(before.records, 3);
    // 80 − 1 (mismatch) − 2 (rejection) − 10 (quality risk) = 67: C; the quality risk makes it HIGH.
    assert.equal(before.profile, 'C 67.00 HIGH');

    await credit.sql`update credit.consumer_offsets set seq = ${(first.seq - 1n).toString()} where consumer = 'credit-sources'`;
    await credit.settle();
    assert.deepEqual(await snapshot(), before);

    await credit.credit.consumer.resetToStart();
    await credit.settle();
    assert.deepEqual(await snapshot(), before);
  });
});
