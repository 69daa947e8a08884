import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { saicKnows, sampleUscc } from '@sw/agencies/dist/simulators';
import { parsePrometheusText, sampleValue, type Sample } from '@sw/kernel';
import { asAdmin, post, startStack, type Stack } from './stack';

/**
 * GET /metrics on the gateway and the subgraphs, after real traffic through the gateway: the
 * counters move, and every sw_* metric has exactly the labels the README documents.
 */
const TOKEN = 'e2e-metrics-token-0123456789';
const USCC = sampleUscc('e2e-metrics', saicKnows);
const PROBE = `query MetricsProbe($u: ID!) { enterprise(uscc: $u) { name saic { status } } }`;

/** The README's table: metric → label names (histograms: their _bucket series add `le`). */
const DOCUMENTED: Record<string, string[]> = {
  sw_graphql_requests_total: ['operation_name', 'operation_type', 'status'],
  sw_graphql_request_duration_seconds: ['operation_name', 'operation_type'],
  sw_graphql_errors_total: ['code', 'operation_name'],
  sw_gateway_subgraph_requests_total: ['status', 'subgraph'],
  sw_gateway_subgraph_request_duration_seconds: ['subgraph'],
  sw_gateway_active_subscriptions: [],
  sw_bus_head_seq: [],
  sw_bus_consumer_lag_events: ['consumer', 'schema'],
  sw_bus_lag_scrape_errors_total: [],
  sw_db_pool_total: ['pool'],
  sw_db_pool_idle: ['pool'],
  sw_db_pool_waiting: ['pool'],
  sw_db_pool_max: ['pool'],
  sw_agency_request_duration_seconds: ['agency', 'outcome'],
  sw_agency_failures_total: ['agency', 'reason'],
  sw_agency_circuit_state: ['agency', 'state'],
};

let stack: Stack;
let previousToken: string | undefined;

function metricsUrl(graphqlUrl: string): string {
  return new URL('/metrics', graphqlUrl).toString();
}

async function scrape(graphqlUrl: string): Promise<Sample[]> {
  const response = await fetch(metricsUrl(graphqlUrl), { headers: { authorization: `Bearer ${TOKEN}` }, signal: AbortSignal.timeout(10_000) });
  assert.equal(response.status, 200, await response.clone().text());
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
  return parsePrometheusText(await response.text());
}

function assertDocumentedLabels(samples: Sample[]): void {
  for (const sample of samples.filter((s) => s.name.startsWith('sw_'))) {
    const base = sample.name.replace(/_(bucket|sum|count)$/, '');
    const documented = DOCUMENTED[base] ?? DOCUMENTED[sample.name];
    assert.ok(documented, `${sample.name} is documented`);
    const labels = Object.keys(sample.labels).filter((label) => !(label === 'le' && sample.name.endsWith('_bucket'))).sort();
    assert.deepEqual(labels, documented, `labels of ${sample.name}`);
  }
}

before(async () => {
  // Every server of this process reads METRICS_TOKEN when it starts.
  previousToken = process.env.METRICS_TOKEN;
  process.env.METRICS_TOKEN = TOKEN;
  stack = await startStack();
});

after(async () => {
  await stack?.stop();
  if (previousToken === undefined) delete process.env.METRICS_TOKEN;
  else process.env.METRICS_TOKEN = previousToken;
});

test('/metrics refuses a scrape without the METRICS_TOKEN bearer, on the gateway and on a subgraph', async () => {
  for (const url of [stack.gateway.url, stack.registry.url, stack.agencies.url]) {
    const none = await fetch(metricsUrl(url));
    assert.equal(none.status, 401, url);
    assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/);
    const wrong = await fetch(metricsUrl(url), { headers: { authorization: 'Bearer not-the-token' } });
    assert.equal(wrong.status, 401, url);
  }
  // An API key or the admin key is not a metrics token.
  assert.equal((await fetch(metricsUrl(stack.gateway.url), { headers: asAdmin })).status, 401);
});

test('the gateway counts operations by name, subgraph fetches, errors by code; subgraphs and the agency calls move too', async () => {
  const gatewayBefore = await scrape(stack.gateway.url);
  const registryBefore = await scrape(stack.registry.url);

  const filed = await post(stack.gateway.url, `mutation FileProbe($i: FileEnterpriseInput!) { fileEnterprise(input: $i) { uscc } }`, {
    i: { uscc: USCC, name: 'Metrics probe', customsCode: '4101960M01', region: 'ZHENGZHOU', roles: ['ECOMMERCE_ENTERPRISE'] },
  }, asAdmin);
  assert.equal(filed.errors, undefined, JSON.stringify(filed.errors));
  for (let i = 0; i < 2; i++) {
    const probed = await post(stack.gateway.url, PROBE, { u: USCC }, asAdmin);
    assert.equal(probed.errors, undefined, JSON.stringify(probed.errors));
  }
  assert.equal((await post(stack.gateway.url, '{ __typename }', {}, asAdmin)).errors, undefined);
  const invalid = await post(stack.gateway.url, 'query Invalid { noSuchField }', {}, asAdmin);
  assert.equal(invalid.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
  const refused = await post(stack.gateway.url, 'query Hidden { enterprises(first: 1) { totalCount } }');
  const refusedCode = String(refused.errors?.[0]?.extensions?.code);
  assert.ok(refused.errors?.length, 'an anonymous caller is refused');

  const gateway = await scrape(stack.gateway.url);
  const moved = (name: string, labels: Record<string, string>) => sampleValue(gateway, name, labels) - sampleValue(gatewayBefore, name, labels);
  assert.equal(moved('sw_graphql_requests_total', { operation_name: 'MetricsProbe', operation_type: 'query', status: 'ok' }), 2);
  assert.equal(moved('sw_graphql_request_duration_seconds_count', { operation_name: 'MetricsProbe', operation_type: 'query' }), 2);
  assert.equal(moved('sw_graphql_requests_total', { operation_name: 'FileProbe', operation_type: 'mutation', status: 'ok' }), 1);
  assert.ok(moved('sw_graphql_requests_total', { operation_name: '(anonymous)', operation_type: 'query', status: 'ok' }) >= 1);
  assert.equal(moved('sw_graphql_requests_total', { operation_name: '(unknown)', operation_type: 'unknown', status: 'error' }), 1);
  assert.equal(moved('sw_graphql_errors_total', { operation_name: '(unknown)', code: 'GRAPHQL_VALIDATION_FAILED' }), 1);
  assert.ok(moved('sw_graphql_errors_total', { operation_name: 'Hidden', code: refusedCode }) >= 1, `Hidden counted under ${refusedCode}`);
  // The name a client gave an invalid document is not a label.
  assert.ok(!gateway.some((sample) => sample.labels.operation_name === 'Invalid'));

  // The probe's plan fetched from the registry and the agencies subgraphs, twice.
  assert.ok(moved('sw_gateway_subgraph_requests_total', { subgraph: 'registry', status: 'ok' }) >= 3);
  assert.ok(moved('sw_gateway_subgraph_requests_total', { subgraph: 'agencies', status: 'ok' }) >= 2);
  assert.ok(moved('sw_gateway_subgraph_request_duration_seconds_count', { subgraph: 'agencies' }) >= 2);
  assert.ok(gateway.some((sample) => sample.name === 'sw_gateway_active_subscriptions'));
  assert.ok(gateway.some((sample) => sample.name === 'process_resident_memory_bytes'), 'default process metrics');
  assert.ok(sampleValue(gateway, 'sw_bus_head_seq') >= 1, 'the filing was published on the bus');
  assertDocumentedLabels(gateway);

  // The registry subgraph saw the gateway's fetches under the names the query planner gives them.
  const registry = await scrape(stack.registry.url);
  const fetched = (samples: Sample[]) => samples
    .filter((sample) => sample.name === 'sw_graphql_requests_total' && sample.labels.operation_name.startsWith('MetricsProbe__registry__'))
    .reduce((sum, sample) => sum + sample.value, 0);
  assert.equal(fetched(registry) - fetched(registryBefore), 2);
  assert.ok(registry.some((sample) => sample.name === 'sw_db_pool_max' && sample.labels.pool === 'registry'), 'the registry pool');
  assertDocumentedLabels(registry);

  // The agencies subgraph timed the SAIC call (cached the second time) and shows the breaker closed.
  const agencies = await scrape(stack.agencies.url);
  assert.ok(sampleValue(agencies, 'sw_agency_request_duration_seconds_count', { agency: 'SAIC', outcome: 'ok' }) >= 1);
  assert.equal(sampleValue(agencies, 'sw_agency_circuit_state', { agency: 'SAIC', state: 'closed' }), 1);
  assert.equal(sampleValue(agencies, 'sw_agency_circuit_state', { agency: 'SAIC', state: 'open' }), 0);
  assertDocumentedLabels(agencies);
});

test('the outbox lag of every bus consumer is on the gateway, and each subgraph shows its own', async () => {
  let gateway: Sample[] = [];
  // Consumers record their offset when they first run; give them a moment.
  for (let i = 0; i < 50; i++) {
    gateway = await scrape(stack.gateway.url);
    if (gateway.some((sample) => sample.name === 'sw_bus_consumer_lag_events' && sample.labels.schema === 'access')) break;
    await sleep(100);
  }
  const lags = gateway.filter((sample) => sample.name === 'sw_bus_consumer_lag_events');
  assert.ok(lags.some((sample) => sample.labels.schema === 'access'), `access consumers in ${JSON.stringify(lags)}`);
  for (const lag of lags) assert.ok(lag.value >= 0);
  const access = await scrape(stack.access.url);
  assert.ok(access.some((sample) => sample.name === 'sw_bus_consumer_lag_events' && sample.labels.schema === 'access'));
});
