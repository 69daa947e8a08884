import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { sampleUscc, saicKnows, taxRatingFor } from '../simulators';
import {
  assertData, enterprises, entitiesQuery, regulator, startTestAgencies, type GraphQLResponse, type TestAgencies,
} from '../testing/agencies-harness';
import { isTransient } from './agency-call';
import { UpstreamHttpError } from './agency-http';

const USCC = sampleUscc('resilience', saicKnows);
const BOTH = entitiesQuery('saic { uscc status stale fetchedAt ageSeconds } tax { rating stale fetchedAt }');

/** The one error of the response, which must be on `_entities[0].saic`. */
function saicError(response: GraphQLResponse) {
  assert.equal(response.errors?.length, 1, JSON.stringify(response));
  const [error] = response.errors!;
  assert.deepEqual(error.path, ['_entities', 0, 'saic']);
  assert.equal(error.extensions?.code, 'UPSTREAM_UNAVAILABLE');
  assert.equal(error.extensions?.agency, 'SAIC');
  return error;
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

test('network errors, timeouts, 5xx and 429 are transient; other 4xx are not', () => {
  for (const status of [500, 502, 503, 504, 429]) assert.equal(isTransient(new UpstreamHttpError('SAIC', status, 'x')), true, String(status));
  for (const status of [400, 401, 403, 404, 409, 422]) assert.equal(isTransient(new UpstreamHttpError('SAIC', status, 'x')), false, String(status));
  assert.equal(isTransient(new TypeError('fetch failed')), true);
  assert.equal(isTransient(new Error('a bug')), false);
});

describe('a slow agency', () => {
  let t: TestAgencies;
  before(async () => {
    t = await startTestAgencies({ AGENCY_SAIC_TIMEOUT_MS: '200', AGENCY_RETRIES: '1', AGENCY_CACHE_TTL_SECONDS: '0' });
  });
  after(async () => {
    await t?.stop();
  });

  test('hits the timeout on every attempt: saic is UPSTREAM_UNAVAILABLE (TIMEOUT) while tax still answers', async () => {
    await t.simulators.saic.control({ latencyMs: 3000 });
    const attempts = t.agencies.calls.SAIC.attempts;
    const { result: response, ms } = await timed(() => t.request(BOTH, enterprises(USCC), regulator()));
    const error = saicError(response);
    assert.equal(error.extensions?.reason, 'TIMEOUT');
    assert.match(error.message, /did not answer within 200 ms/);
    assert.equal(t.agencies.calls.SAIC.attempts - attempts, 2, 'one attempt and one retry');
    assert.ok(ms < 1500, `gave up after two 200 ms attempts, not after the agency's 3 s (took ${Math.round(ms)} ms)`);
    assert.deepEqual(response.data?._entities[0].saic, null);
    assert.equal(response.data?._entities[0].tax.rating, taxRatingFor(USCC).rating);
  });

  test('answers again once the agency is fast again', async () => {
    await t.simulators.saic.control({ latencyMs: 0 });
    const data = assertData(await t.request(BOTH, enterprises(USCC), regulator()));
    assert.equal(data._entities[0].saic.uscc, USCC);
  });
});

describe('a failing agency', () => {
  let t: TestAgencies;
  before(async () => {
    t = await startTestAgencies({ AGENCY_BREAKER_FAILURES: '3', AGENCY_RETRIES: '1', AGENCY_BREAKER_HALF_OPEN_MS: '1000', AGENCY_CACHE_TTL_SECONDS: '0' });
  });
  after(async () => {
    await t?.stop();
  });

  test('opens the breaker after consecutive failures; later calls fail fast without reaching the agency', async () => {
    await t.simulators.saic.control({ fail: true, failStatus: 503, latencyMs: 100 });
    const call = t.agencies.calls.SAIC;
    // 503, retried once: two failures; the next call's first failure is the third and opens the circuit.
    assert.equal(saicError(await t.request(BOTH, enterprises(USCC), regulator())).extensions?.reason, 'UPSTREAM_ERROR');
    assert.equal(call.circuit, 'closed');
    saicError(await t.request(BOTH, enterprises(USCC), regulator()));
    assert.equal(call.circuit, 'open');

    const attempts = call.attempts;
    const { result: response, ms } = await timed(() => t.request(BOTH, enterprises(USCC), regulator()));
    const error = saicError(response);
    assert.equal(error.extensions?.reason, 'CIRCUIT_OPEN');
    assert.equal(error.extensions?.retryAfterSeconds, 1);
    assert.equal(call.attempts, attempts, 'no request reached the agency');
    assert.ok(ms < 100, `failed fast, without the agency's 100 ms latency (took ${Math.round(ms)} ms)`);
    assert.equal(response.data?._entities[0].tax.rating, taxRatingFor(USCC).rating, 'the other agency is not affected');
  });

  test('half-opens after the delay and closes on a successful trial call', async () => {
    await t.simulators.saic.control({ reset: true });
    await sleep(1100);
    const data = assertData(await t.request(BOTH, enterprises(USCC), regulator()));
    assert.equal(data._entities[0].saic.uscc, USCC);
    assert.equal(t.agencies.calls.SAIC.circuit, 'closed');
  });

  test('429 is retried; another 4xx is neither retried nor counted by the breaker', async () => {
    const call = t.agencies.calls.SAIC;
    // Enterprises never read here: no earlier answer can be served instead of the error.
    const [first, second] = [sampleUscc('resilience-429', saicKnows), sampleUscc('resilience-400', saicKnows)];
    await t.simulators.saic.control({ fail: true, failStatus: 429 });
    let attempts = call.attempts;
    saicError(await t.request(BOTH, enterprises(first), regulator()));
    assert.equal(call.attempts - attempts, 2);
    await t.simulators.saic.control({ reset: true });
    assertData(await t.request(BOTH, enterprises(first), regulator()));

    await t.simulators.saic.control({ fail: true, failStatus: 400 });
    attempts = call.attempts;
    for (let i = 0; i < 5; i++) assert.equal(saicError(await t.request(BOTH, enterprises(second), regulator())).extensions?.reason, 'REFUSED');
    assert.equal(call.attempts - attempts, 5, 'one attempt per call');
    assert.equal(call.circuit, 'closed');
    await t.simulators.saic.control({ reset: true });
  });
});

describe('stale-if-error', () => {
  let t: TestAgencies;
  before(async () => {
    t = await startTestAgencies({ AGENCY_CACHE_TTL_SECONDS: '0', AGENCY_BREAKER_FAILURES: '100' });
  });
  after(async () => {
    await t?.stop();
  });

  test('serves the last good answer marked stale with its fetchedAt when the agency fails', async () => {
    const fresh = assertData(await t.request(BOTH, enterprises(USCC), regulator()))._entities[0];
    assert.equal(fresh.saic.stale, false);
    await sleep(1100);
    await t.simulators.saic.control({ fail: true });
    await t.simulators.tax.control({ fail: true });
    try {
      const data = assertData(await t.request(BOTH, enterprises(USCC), regulator()));
      const [entity] = data._entities;
      assert.deepEqual({ uscc: entity.saic.uscc, status: entity.saic.status, stale: entity.saic.stale, fetchedAt: entity.saic.fetchedAt },
        { uscc: fresh.saic.uscc, status: fresh.saic.status, stale: true, fetchedAt: fresh.saic.fetchedAt });
      assert.ok(entity.saic.ageSeconds >= 1, `age ${entity.saic.ageSeconds} s`);
      assert.deepEqual(entity.tax, { ...fresh.tax, stale: true });
    } finally {
      await t.simulators.saic.control({ reset: true });
      await t.simulators.tax.control({ reset: true });
    }
    const again = assertData(await t.request(BOTH, enterprises(USCC), regulator()))._entities[0];
    assert.equal(again.saic.stale, false);
    assert.ok(Date.parse(again.saic.fetchedAt) > Date.parse(fresh.saic.fetchedAt));
  });

  test('with nothing cached, a stopped agency is UPSTREAM_UNAVAILABLE (NETWORK) on its field only', async () => {
    const other = sampleUscc('resilience-uncached', saicKnows);
    await t.simulators.saic.stop();
    const response = await t.request(BOTH, enterprises(other), regulator());
    assert.equal(saicError(response).extensions?.reason, 'NETWORK');
    assert.deepEqual(response.data?._entities[0].saic, null);
    assert.equal(response.data?._entities[0].tax.rating, taxRatingFor(other).rating);
  });
});
