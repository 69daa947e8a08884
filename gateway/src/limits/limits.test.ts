import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildSchema, parse } from 'graphql';
import { readLimitsConfig } from './config';
import { costOf } from './cost';
import { stripSuggestions } from './field-suggestions';
import { exceedsTokens } from './tokens';
import { loadTrustedDocuments, sha256 } from './trusted-documents';

test('limits default sensibly, per environment', () => {
  const development = readLimitsConfig({});
  assert.deepEqual(development.query, { maxDepth: 12, maxAliases: 15, maxTokens: 2000, maxDirectives: 50, maxCost: 5000, costListSize: 10 });
  assert.deepEqual([...development.introspectionCallers], ['REGULATOR', 'ENTERPRISE', 'PARTNER', 'ANONYMOUS']);
  assert.equal(development.blockFieldSuggestions, false);
  assert.deepEqual({ ...development.rateLimit }, { points: 600, anonymousPoints: 120, windowSeconds: 60, redisUrl: undefined, keyPrefix: 'sw:ratelimit' });
  assert.equal(development.body.bulkLimit, 20 * 1024 * 1024);
  assert.deepEqual([...development.body.bulkOperations], ['captureTraceEvents', 'importEpcisDocument', 'importCustomsMessages']);
  assert.equal(development.trustedDocuments.mode, 'off');

  const production = readLimitsConfig({ NODE_ENV: 'production' });
  assert.deepEqual([...production.introspectionCallers], ['REGULATOR']);
  assert.equal(production.blockFieldSuggestions, true);
  assert.deepEqual([...readLimitsConfig({ INTROSPECTION_ROLES: '*', NODE_ENV: 'production' }).introspectionCallers].length, 4);
});

test('every bad limit is reported at once', () => {
  assert.throws(
    () => readLimitsConfig({ QUERY_MAX_DEPTH: '0', INTROSPECTION_ROLES: 'REGULATOR,ROOT', BULK_BODY_LIMIT: 'lots', TRUSTED_DOCUMENTS: 'require', REDIS_URL: 'localhost:6379' }),
    (error: Error) => ['QUERY_MAX_DEPTH', 'INTROSPECTION_ROLES', 'BULK_BODY_LIMIT', 'TRUSTED_DOCUMENTS_PATH', 'REDIS_URL'].every((name) => error.message.includes(name)),
  );
});

test('tokens are counted without parsing, stopping past the limit', () => {
  assert.equal(exceedsTokens('{ a b c }', 5), false);
  assert.equal(exceedsTokens('{ a b c d e }', 5), true);
  assert.equal(exceedsTokens(`{ ${'a( '.repeat(100_000)}`, 2000), true);
  assert.equal(exceedsTokens('{ a "unterminated', 5), false, 'a lexical error is left to the parser');
  assert.equal(exceedsTokens('# only a comment\n{ a }', 3), false, 'comments are not tokens');
});

test('the cost weighs lists by first, page size or list size, and leaves scalars free', () => {
  const schema = buildSchema(`
    type Query { things(first: Int, last: Int): ThingConnection!  thing: Thing }
    type ThingConnection { edges: [ThingEdge!]!  totalCount: Int! }
    type ThingEdge { node: Thing! }
    type Thing { name: String  parts: [Part!]! }
    type Part { name: String }
  `);
  const limits = readLimitsConfig({}).query;
  const cost = (query: string, variables?: Record<string, unknown>) => costOf(limits, schema, parse(query), undefined, variables);
  assert.equal(cost('{ thing { name } }'), 1);
  assert.equal(cost('{ thing { parts { name } } }'), 1 + (1 + 10 * 0), 'a list costs 1 plus list size times its selection');
  assert.equal(cost('{ things(first: 100) { totalCount edges { node { name } } } }'), 1 + 100 * (1 + 1));
  assert.equal(cost('query($n: Int) { things(first: $n) { edges { node { name } } } }', { n: 7 }), 1 + 7 * 2);
  assert.equal(cost('{ things { edges { node { name } } } }'), 1 + 20 * 2, 'a paged field without first counts a default page');
  assert.equal(cost('{ things(first: 2) { edges { node { parts { name } } } } }'), 1 + 2 * (1 + (1 + 1)));
  assert.equal(cost('{ __schema { types { fields { name } } } }'), 1, 'introspection counts 1');
});

test('suggestions are stripped in every form graphql-js writes them', () => {
  assert.equal(stripSuggestions('Cannot query field "nme" on type "Enterprise". Did you mean "name"?'), 'Cannot query field "nme" on type "Enterprise".');
  assert.equal(stripSuggestions('Value "ACTIV" does not exist in "FilingStatus" enum. Did you mean the enum value "ACTIVE"?'), 'Value "ACTIV" does not exist in "FilingStatus" enum.');
  assert.equal(stripSuggestions('Cannot query field "x" on type "U". Did you mean to use an inline fragment on "A" or "B"?'), 'Cannot query field "x" on type "U".');
  assert.equal(stripSuggestions('Unknown argument "frist". Did you mean "first", "last", or "after"?'), 'Unknown argument "frist".');
});

test('a trusted-documents manifest must map each sha256 to its own text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sw-manifest-'));
  try {
    const text = '{ __typename }';
    const plain = join(dir, 'plain.json');
    writeFileSync(plain, JSON.stringify({ [sha256(text)]: text }));
    assert.equal(loadTrustedDocuments(plain).get(sha256(text)), text);
    const apollo = join(dir, 'apollo.json');
    writeFileSync(apollo, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: sha256(text), name: 'T', type: 'query', body: text }] }));
    assert.equal(loadTrustedDocuments(apollo).size, 1);
    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ ['0'.repeat(64)]: text }));
    assert.throws(() => loadTrustedDocuments(wrong), /not the sha256 of their query text/);
    assert.throws(() => loadTrustedDocuments(join(dir, 'missing.json')), /TRUSTED_DOCUMENTS_PATH/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
