import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { isNewEnterprise, rebateHistoryFor, sampleUscc, saicKnows, taxRatingFor, vatExemptionFor } from '../simulators';
import {
  assertData, assertError, busEvents, enterpriseCaller, enterprises, entitiesQuery, partnerCaller, regulator, SUBMIT_REBATE, TAX_FIELDS,
  startTestAgencies, until, type TestAgencies,
} from '../testing/agencies-harness';

const OWN = sampleUscc('tax-own', (uscc) => saicKnows(uscc) && rebateHistoryFor(uscc).length >= 3);
const OTHER = sampleUscc('tax-other', saicKnows);
const TAX = entitiesQuery(`tax { ${TAX_FIELDS} vatExemption { eligible basis stale } rebates(first: 50) {
  totalCount edges { cursor node { id period amount currency status submittedAt updatedAt reason } } pageInfo { hasNextPage endCursor } } }`);

/** Last month (Asia/Shanghai), the latest period a rebate can be declared for. */
function lastMonth(): string {
  const shanghai = new Date(Date.now() + 8 * 3600_000);
  const index = shanghai.getUTCFullYear() * 12 + shanghai.getUTCMonth() - 1;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const rebateInput = (overrides: Record<string, unknown> = {}) => ({
  uscc: OWN, period: lastMonth(), amount: '12500.5', exportDeclarationIds: ['460120250123456789'], requestId: randomUUID(), ...overrides,
});

let t: TestAgencies;

before(async () => {
  t = await startTestAgencies();
});

after(async () => {
  await t?.stop();
});

describe('Enterprise.tax', () => {
  test('the enterprise itself reads its rating, VAT exemption and export rebates', async () => {
    const data = assertData(await t.request(TAX, enterprises(OWN), enterpriseCaller(OWN)));
    const tax = data._entities[0].tax;
    const rating = taxRatingFor(OWN);
    assert.deepEqual(
      { rating: tax.rating, score: tax.score, year: tax.year, assessedOn: tax.assessedOn, stale: tax.stale },
      { rating: rating.rating, score: rating.score, year: rating.year, assessedOn: rating.assessedOn, stale: false },
    );
    const exemption = vatExemptionFor(OWN);
    assert.deepEqual(tax.vatExemption, { eligible: exemption.eligible, basis: exemption.basis, stale: false });
    const history = rebateHistoryFor(OWN);
    assert.equal(tax.rebates.totalCount, history.length);
    assert.deepEqual(tax.rebates.edges.map((edge: { node: { id: string } }) => edge.node.id), history.map((item) => item.id));
    for (const { node } of tax.rebates.edges) assert.match(node.amount, /^\d+\.\d{2}$/);
  });

  test('rebates page with first/after, newest first', async () => {
    const query = entitiesQuery('tax { rebates(first: $first, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }')
      .replace('query($r: [_Any!]!)', 'query($r: [_Any!]!, $first: Int, $after: String)');
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data = assertData(await t.request(query, { ...enterprises(OWN), first: 2, after }, regulator()));
      const page = data._entities[0].tax.rebates;
      seen.push(...page.edges.map((edge: { node: { id: string } }) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    assert.deepEqual(seen, rebateHistoryFor(OWN).map((item) => item.id));
  });

  test('a regulator reads any enterprise\'s tax profile', async () => {
    const data = assertData(await t.request(entitiesQuery('tax { rating }'), enterprises(OTHER), regulator()));
    assert.equal(data._entities[0].tax.rating, taxRatingFor(OTHER).rating);
  });

  test('another enterprise\'s key reads no tax profile of this one (FORBIDDEN, the bureau not asked) while saic stays readable', async () => {
    const attempts = t.agencies.calls.TAX.attempts;
    const response = await t.request(entitiesQuery('saic { uscc status } tax { rating }'), enterprises(OWN), enterpriseCaller(OTHER));
    const error = assertError(response, 'FORBIDDEN');
    assert.deepEqual(error.path, ['_entities', 0, 'tax']);
    assert.equal(response.data?._entities[0].tax, null);
    assert.equal(response.data?._entities[0].saic.uscc, OWN);
    assert.equal(t.agencies.calls.TAX.attempts, attempts);
    assert.doesNotMatch(JSON.stringify(response), new RegExp(`"rating":"[ABMCD]"`));
  });

  test('a partner without a grant reads no tax profile: FORBIDDEN (grants: tax-grants.test.ts)', async () => {
    const response = await t.request(entitiesQuery('tax { rating }'), enterprises(OWN), partnerCaller(OTHER));
    assertError(response, 'FORBIDDEN');
  });
});

describe('submitExportRebate', () => {
  test('the enterprise submits for itself; the status is read back through tax.rebates; one event', async () => {
    const input = rebateInput();
    const data = assertData(await t.request(SUBMIT_REBATE, { input }, enterpriseCaller(OWN)));
    const rebate = data.submitExportRebate;
    assert.deepEqual({ period: rebate.period, amount: rebate.amount, currency: rebate.currency, status: rebate.status },
      { period: input.period, amount: '12500.50', currency: 'CNY', status: 'SUBMITTED' });
    const listed = assertData(await t.request(TAX, enterprises(OWN), enterpriseCaller(OWN)))._entities[0].tax.rebates;
    assert.equal(listed.edges[0].node.id, rebate.id, 'the new declaration is listed first (the cache was invalidated)');
    assert.equal(listed.totalCount, rebateHistoryFor(OWN).length + 1);
    const events = await busEvents(t.sql, 'agencies.rebate.submitted', OWN);
    assert.deepEqual(events.filter((event) => event.data.requestId === input.requestId).map((event) => ({ ...event.data })), [{
      uscc: OWN, rebateId: rebate.id, requestId: input.requestId, period: input.period, amount: '12500.50', currency: 'CNY', status: 'SUBMITTED',
    }]);
  });

  test('is idempotent by requestId: the same declaration again answers the same rebate and publishes nothing more', async () => {
    const input = rebateInput();
    const first = assertData(await t.request(SUBMIT_REBATE, { input }, enterpriseCaller(OWN))).submitExportRebate;
    const second = assertData(await t.request(SUBMIT_REBATE, { input: { ...input, amount: '12500.50' } }, enterpriseCaller(OWN))).submitExportRebate;
    assert.equal(second.id, first.id);
    const events = (await busEvents(t.sql, 'agencies.rebate.submitted', OWN)).filter((event) => event.data.requestId === input.requestId);
    assert.equal(events.length, 1);
  });

  test('the same requestId with other content is CONFLICT and reaches no further', async () => {
    const input = rebateInput();
    assertData(await t.request(SUBMIT_REBATE, { input }, enterpriseCaller(OWN)));
    const attempts = t.agencies.calls.TAX.attempts;
    assertError(await t.request(SUBMIT_REBATE, { input: { ...input, amount: '99.00' } }, enterpriseCaller(OWN)), 'CONFLICT');
    assert.equal(t.agencies.calls.TAX.attempts, attempts);
  });

  test('the status moves on at the bureau and tax.rebates shows it once the cache expires', async () => {
    const fresh = await startTestAgencies({ AGENCY_CACHE_TTL_SECONDS: '0' });
    try {
      await fresh.simulators.tax.control({ rebateStepMs: 100 });
      const submitted = assertData(await fresh.request(SUBMIT_REBATE, { input: rebateInput() }, regulator())).submitExportRebate;
      const statusOf = async () => assertData(await fresh.request(TAX, enterprises(OWN), regulator()))._entities[0].tax.rebates.edges
        .find((edge: { node: { id: string } }) => edge.node.id === submitted.id)?.node.status;
      assert.ok(await until(async () => (await statusOf()) === 'APPROVED', 5000), 'the rebate reached APPROVED');
    } finally {
      await fresh.stop();
    }
  });

  test('an enterprise may not submit for another, nor a partner at all: FORBIDDEN, nothing sent', async () => {
    const attempts = t.agencies.calls.TAX.attempts;
    assertError(await t.request(SUBMIT_REBATE, { input: rebateInput({ uscc: OTHER }) }, enterpriseCaller(OWN)), 'FORBIDDEN');
    assertError(await t.request(SUBMIT_REBATE, { input: rebateInput() }, partnerCaller(OWN)), 'FORBIDDEN');
    assert.equal(t.agencies.calls.TAX.attempts, attempts);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['a USCC with a wrong check character', { uscc: `${OWN.slice(0, 17)}${OWN[17] === '0' ? '1' : '0'}` }, 'input.uscc'],
    ['a period that is not YYYY-MM', { period: '2025-13' }, 'input.period'],
    ['a period not yet over', { period: '2999-01' }, 'input.period'],
    ['an amount with three places', { amount: '1.234' }, 'input.amount'],
    ['a zero amount', { amount: '0.00' }, 'input.amount'],
    ['a currency other than CNY', { currency: 'USD' }, 'input.currency'],
    ['no export declarations', { exportDeclarationIds: [] }, 'input.exportDeclarationIds'],
    ['a short requestId', { requestId: 'abc' }, 'input.requestId'],
  ];
  for (const [what, overrides, field] of invalid) {
    test(`${what} is BAD_USER_INPUT naming ${field}`, async () => {
      assertError(await t.request(SUBMIT_REBATE, { input: rebateInput(overrides) }, regulator()), 'BAD_USER_INPUT', field);
    });
  }

  test('a float amount is refused by the Decimal scalar', async () => {
    const response = await t.request(SUBMIT_REBATE, { input: rebateInput({ amount: 12.5 }) }, regulator());
    assert.match(response.errors?.[0]?.message ?? '', /Decimal must be a string/);
  });
});

test('a new enterprise is rated M without a score', async () => {
  const uscc = sampleUscc('tax-new', isNewEnterprise);
  const data = assertData(await t.request(entitiesQuery('tax { rating score }'), enterprises(uscc), enterpriseCaller(uscc)));
  assert.deepEqual(data._entities[0].tax, { rating: 'M', score: null });
});

test('a tax rating is published as a credit input when first read, and not again while unchanged', async () => {
  const uscc = sampleUscc('tax-events', saicKnows);
  assertData(await t.request(entitiesQuery('tax { rating }'), enterprises(uscc), regulator()));
  await t.agencies.refresh.job.runOnce();
  const events = await busEvents(t.sql, 'agencies.tax-rating.observed', uscc);
  const rating = taxRatingFor(uscc);
  assert.deepEqual(events.map((event) => ({ ...event.data, observedAt: undefined })), [{
    uscc, rating: rating.rating, score: rating.score, year: rating.year, assessedOn: rating.assessedOn, first: true, observedAt: undefined,
  }]);
});
