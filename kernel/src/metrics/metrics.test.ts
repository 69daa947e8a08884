import { strict as assert } from 'node:assert';
import { type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { ApolloServer } from '@apollo/server';
import express from 'express';
import { GraphQLError } from 'graphql';
import { agencyMetrics } from './agency';
import { GraphqlMetrics, LabelLimiter, graphqlMetricsPlugin } from './graphql';
import { bearerMatches, metricsHandler, processRegistry, readMetricsSettings } from './registry';
import { parsePrometheusText, sampleValue, type Sample } from './text';

async function samples(text: Promise<string> | string): Promise<Sample[]> {
  return parsePrometheusText(await text);
}

describe('LabelLimiter', () => {
  it('keeps the first distinct values and buckets the rest, and overlong ones', () => {
    const limiter = new LabelLimiter(2, '(other)', 10);
    assert.equal(limiter.value('a'), 'a');
    assert.equal(limiter.value('b'), 'b');
    assert.equal(limiter.value('c'), '(other)');
    assert.equal(limiter.value('a'), 'a');
    assert.equal(new LabelLimiter(5, '(other)', 10).value('x'.repeat(11)), '(other)');
  });
});

describe('readMetricsSettings', () => {
  it('reads METRICS_TOKEN and METRICS_MAX_OPERATIONS with their defaults', () => {
    assert.deepEqual(readMetricsSettings({}), { token: undefined, maxOperationNames: 200 });
    assert.deepEqual(readMetricsSettings({ METRICS_TOKEN: 's3cret', METRICS_MAX_OPERATIONS: '5' }), { token: 's3cret', maxOperationNames: 5 });
    assert.throws(() => readMetricsSettings({ METRICS_MAX_OPERATIONS: 'many' }), /METRICS_MAX_OPERATIONS/);
  });

  it('compares bearer tokens exactly', () => {
    assert.equal(bearerMatches('Bearer s3cret', 's3cret'), true);
    assert.equal(bearerMatches('bearer   s3cret', 's3cret'), true);
    assert.equal(bearerMatches('Bearer s3cre', 's3cret'), false);
    assert.equal(bearerMatches('s3cret', 's3cret'), false);
    assert.equal(bearerMatches(undefined, 's3cret'), false);
  });
});

describe('graphqlMetricsPlugin', () => {
  const metrics = new GraphqlMetrics({ maxOperationNames: 3 });
  const server = new ApolloServer({
    typeDefs: 'type Query { hello: String, broken: String, secret: String }',
    resolvers: {
      Query: {
        hello: () => 'world',
        broken: () => {
          throw new Error('boom');
        },
        secret: () => {
          throw new GraphQLError('no', { extensions: { code: 'FORBIDDEN' } });
        },
      },
    },
    plugins: [graphqlMetricsPlugin(metrics)],
  });
  before(() => server.start());
  after(() => server.stop());

  it('counts each operation by name and type, times it, and counts errors by code', async () => {
    await server.executeOperation({ query: 'query Hello { hello }' });
    await server.executeOperation({ query: 'query Hello { hello }' });
    await server.executeOperation({ query: '{ hello }' });
    await server.executeOperation({ query: 'query Secret { secret broken }' });
    await server.executeOperation({ query: 'query Bad { nope }' });
    await server.executeOperation({ query: 'query Broken {' });
    await server.executeOperation({ query: 'query A { hello } query B { hello }' });
    const found = await samples(metrics.registry.metrics());
    const requests = (labels: Record<string, string>) => sampleValue(found, 'sw_graphql_requests_total', labels);
    assert.equal(requests({ operation_name: 'Hello', operation_type: 'query', status: 'ok' }), 2);
    assert.equal(requests({ operation_name: '(anonymous)', operation_type: 'query', status: 'ok' }), 1);
    assert.equal(requests({ operation_name: 'Secret', operation_type: 'query', status: 'error' }), 1);
    // Invalid documents, unparsable ones and ones without a chosen operation are "(unknown)", whatever they call themselves.
    assert.equal(requests({ operation_name: '(unknown)', operation_type: 'unknown', status: 'error' }), 3);
    assert.equal(found.filter((sample) => sample.name === 'sw_graphql_requests_total' && /^(Bad|Broken|A|B)$/.test(sample.labels.operation_name)).length, 0);

    const errors = (labels: Record<string, string>) => sampleValue(found, 'sw_graphql_errors_total', labels);
    assert.equal(errors({ operation_name: 'Secret', code: 'FORBIDDEN' }), 1);
    assert.equal(errors({ operation_name: 'Secret', code: 'INTERNAL_SERVER_ERROR' }), 1);
    assert.equal(errors({ operation_name: '(unknown)', code: 'GRAPHQL_VALIDATION_FAILED' }), 1);
    assert.equal(errors({ operation_name: '(unknown)', code: 'GRAPHQL_PARSE_FAILED' }), 1);
    assert.equal(errors({ operation_name: '(unknown)', code: 'OPERATION_RESOLUTION_FAILURE' }), 1);

    assert.equal(sampleValue(found, 'sw_graphql_request_duration_seconds_count', { operation_name: 'Hello', operation_type: 'query' }), 2);
    assert.ok(sampleValue(found, 'sw_graphql_request_duration_seconds_sum', { operation_name: 'Hello' }) > 0);
    // Only the documented labels exist.
    for (const sample of found.filter((s) => s.name === 'sw_graphql_requests_total')) {
      assert.deepEqual(Object.keys(sample.labels).sort(), ['operation_name', 'operation_type', 'status']);
    }
  });

  it('bounds the operation names a client can create', async () => {
    for (const name of ['One', 'Two', 'Three', 'Four']) await server.executeOperation({ query: `query ${name} { hello }` });
    // Resolves (then fails to execute: the schema has no mutations), so it is named, and over the limit.
    await server.executeOperation({ query: 'mutation Nope { hello }' });
    const found = await samples(metrics.registry.metrics());
    const names = new Set(found.filter((sample) => sample.name === 'sw_graphql_requests_total').map((sample) => sample.labels.operation_name));
    // Hello, Secret and One took the three places; the rest are "(other)".
    assert.deepEqual([...names].sort(), ['(anonymous)', '(other)', '(unknown)', 'Hello', 'One', 'Secret']);
    assert.equal(sampleValue(found, 'sw_graphql_requests_total', { operation_name: '(other)', operation_type: 'query' }), 3);
    assert.equal(sampleValue(found, 'sw_graphql_requests_total', { operation_name: '(other)', operation_type: 'mutation', status: 'error' }), 1);
  });
});

describe('metricsHandler', () => {
  let http: Server;
  let base: string;
  const own = new GraphqlMetrics();
  own.observe({ operationName: 'Probe', resolved: true, operationType: 'query', seconds: 0.01, errorCodes: [] });

  before(async () => {
    const app = express();
    app.get('/metrics', metricsHandler({ registries: [own.registry], token: 'scrape-token' }));
    http = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => http.once('listening', resolve));
    const address = http.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(() => new Promise<void>((resolve) => http.close(() => resolve())));

  it('refuses a scrape without the bearer token, or with another', async () => {
    const none = await fetch(`${base}/metrics`);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.equal((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
  });

  it('serves the process metrics and the server\'s own in the Prometheus text format', async () => {
    agencyMetrics.watchCircuit('TEST_AGENCY', () => 'open');
    agencyMetrics.startAttempt('TEST_AGENCY')('timeout');
    agencyMetrics.countFailure('TEST_AGENCY', 'TIMEOUT');
    const response = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer scrape-token' } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const found = parsePrometheusText(await response.text());
    assert.ok(found.some((sample) => sample.name === 'process_cpu_user_seconds_total'), 'default Node metrics');
    assert.ok(found.some((sample) => sample.name === 'nodejs_eventloop_lag_seconds'), 'event loop lag');
    assert.equal(sampleValue(found, 'sw_graphql_requests_total', { operation_name: 'Probe', status: 'ok' }), 1);
    assert.equal(sampleValue(found, 'sw_agency_circuit_state', { agency: 'TEST_AGENCY', state: 'open' }), 1);
    assert.equal(sampleValue(found, 'sw_agency_circuit_state', { agency: 'TEST_AGENCY', state: 'closed' }), 0);
    assert.equal(sampleValue(found, 'sw_agency_request_duration_seconds_count', { agency: 'TEST_AGENCY', outcome: 'timeout' }), 1);
    assert.equal(sampleValue(found, 'sw_agency_failures_total', { agency: 'TEST_AGENCY', reason: 'TIMEOUT' }), 1);
    // Every metric name appears once: the registries do not overlap.
    const types = (await processRegistry.metrics()).split('\n').filter((line) => line.startsWith('# TYPE'));
    assert.equal(new Set(types).size, types.length);
  });
});
