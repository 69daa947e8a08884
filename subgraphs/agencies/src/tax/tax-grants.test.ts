import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { publish, type DataScope, type NewEvent } from '@sw/kernel';
import { rebateHistoryFor, sampleUscc, saicKnows, taxRatingFor } from '../simulators';
import {
  assertData, assertError, busEvents, enterprises, entitiesQuery, partnerCaller, startTestAgencies, until, type TestAgencies,
} from '../testing/agencies-harness';

const OWN = sampleUscc('tax-grant-own', (uscc) => saicKnows(uscc) && rebateHistoryFor(uscc).length >= 1);
const OTHER = sampleUscc('tax-grant-other', saicKnows);
const BANK = sampleUscc('tax-grant-bank', () => true);
const bank = partnerCaller(BANK);

let t: TestAgencies;

before(async () => {
  t = await startTestAgencies();
});

after(async () => {
  await t?.stop();
});

/** Publishes a grant event as the access subgraph does and waits until agencies' projection has it. */
async function project(type: 'access.grant.given' | 'access.grant.revoked', grantId: string, uscc: string, scopes: DataScope[]): Promise<void> {
  const data: Record<string, unknown> = { grantId, uscc, partnerUscc: BANK, scopes, until: new Date(Date.now() + 3_600_000).toISOString() };
  if (type === 'access.grant.revoked') data.revokedAt = new Date().toISOString();
  const event: NewEvent = { type, subject: grantId, actor: `enterprise-${uscc}`, data };
  const published = await t.agencies.db.transaction((manager) => publish(manager, event));
  assert.ok(await until(async () => (await t.agencies.grantConsumer.offset()) >= published.seq), 'agencies never projected the grant');
}

const used = async (uscc: string) => (await busEvents(t.sql, 'access.grant.used', uscc)).map((event) => event.data);

describe('Enterprise.tax for a partner', () => {
  const taxGrant = randomUUID();

  test('without a grant: FORBIDDEN, and the bureau is not asked', async () => {
    const attempts = t.agencies.calls.TAX.attempts;
    assertError(await t.request(entitiesQuery('tax { rating }'), enterprises(OWN), bank), 'FORBIDDEN');
    assert.equal(t.agencies.calls.TAX.attempts, attempts);
  });

  test('with TAX it reads the rating and the VAT exemption, audited once; the rebates need REBATE as well', async () => {
    await project('access.grant.given', taxGrant, OWN, ['TAX']);
    const data = assertData(await t.request(entitiesQuery('tax { rating vatExemption { eligible } }'), enterprises(OWN), bank));
    assert.equal(data._entities[0].tax.rating, taxRatingFor(OWN).rating);
    assert.deepEqual((await used(OWN)).map((event) => ({ ...event, requestId: undefined })), [
      { partnerUscc: BANK, uscc: OWN, scope: 'TAX', what: ['the tax profile'], requestId: undefined },
    ]);
    const rebates = await t.request(entitiesQuery('tax { rating rebates(first: 5) { totalCount } }'), enterprises(OWN), bank);
    const error = assertError(rebates, 'FORBIDDEN');
    assert.match(error.message, /scope REBATE/);
  });

  test('with TAX and REBATE it reads the export rebates, audited under each scope', async () => {
    await project('access.grant.given', randomUUID(), OWN, ['REBATE']);
    const before = (await used(OWN)).length;
    const data = assertData(await t.request(entitiesQuery('tax { rebates(first: 50) { totalCount } }'), enterprises(OWN), bank));
    assert.equal(data._entities[0].tax.rebates.totalCount, rebateHistoryFor(OWN).length);
    assert.deepEqual((await used(OWN)).slice(before).map((event) => event.scope).sort(), ['REBATE', 'TAX']);
  });

  test('REBATE alone does not open the tax profile', async () => {
    await project('access.grant.given', randomUUID(), OTHER, ['REBATE']);
    const error = assertError(await t.request(entitiesQuery('tax { rebates(first: 5) { totalCount } }'), enterprises(OTHER), bank), 'FORBIDDEN');
    assert.match(error.message, /scope TAX/);
  });

  test('after revocation: FORBIDDEN again', async () => {
    await project('access.grant.revoked', taxGrant, OWN, ['TAX']);
    assertError(await t.request(entitiesQuery('tax { rating }'), enterprises(OWN), bank), 'FORBIDDEN');
  });
});
