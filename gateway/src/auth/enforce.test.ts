import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSchema, parse, print } from 'graphql';
import { authorizeOperation } from './enforce';
import { splitSecurityFeatures } from './security-features';

const SUPERGRAPH_FRAGMENT = `
schema
  @link(url: "https://specs.apollo.dev/link/v1.0")
  @link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)
  @link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)
{ query: Query }
directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA
directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
directive @requiresScopes(scopes: [[requiresScopes__Scope!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
scalar link__Import
enum link__Purpose { SECURITY EXECUTION }
scalar requiresScopes__Scope
type Query {
  open: String
  shop(id: ID!): Shop @authenticated
  keys: [String!]! @requiresScopes(scopes: [["keys:manage"], ["audit:read", "pii:read"]])
}
type Shop { id: ID! name: String! secret: Secret owner: String @requiresScopes(scopes: [["pii:read"]]) }
type Secret @authenticated { value: String }
`;

const { plannerSdl, requirements } = splitSecurityFeatures(SUPERGRAPH_FRAGMENT);
const schema = buildSchema(plannerSdl);
const partner = { subject: 'p', role: 'PARTNER' as const, uscc: '91350100M000100Y43', scopes: ['audit:read'] };

test('the planner supergraph keeps no trace of the security features', () => {
  assert.doesNotMatch(plannerSdl, /authenticated|requiresScopes/);
  assert.equal(requirements.of('Query.shop')?.authenticated, true);
  assert.deepEqual(requirements.of('Query.keys')?.scopes, [['keys:manage'], ['audit:read', 'pii:read']]);
  assert.equal(requirements.of('Secret')?.authenticated, true);
});

test('an anonymous caller loses the authenticated fields with UNAUTHENTICATED and keeps the public ones', () => {
  const result = authorizeOperation(parse('{ open shop(id: "1") { name } }'), undefined, schema, requirements, undefined);
  assert.deepEqual(result.refusals, [{ path: ['shop'], coordinate: 'Query.shop', verdict: 'UNAUTHENTICATED' }]);
  assert.equal(print(result.document).replace(/\s+/g, ' ').trim(), '{ open }');
  assert.equal(result.empty, false);
});

test('a caller without the scopes loses those fields with FORBIDDEN, nested ones too, and the rest still runs', () => {
  const result = authorizeOperation(parse('query Q { keys shop(id: "1") { name owner } }'), 'Q', schema, requirements, partner);
  assert.deepEqual(result.refusals.map((r) => [r.path.join('.'), r.verdict]), [['keys', 'FORBIDDEN'], ['shop.owner', 'FORBIDDEN']]);
  assert.match(print(result.document), /shop\(id: "1"\) \{\s+name\s+\}/);
});

test('any one listed scope set is enough, and a regulator holds every scope', () => {
  const both = { ...partner, scopes: ['audit:read', 'pii:read'] };
  assert.equal(authorizeOperation(parse('{ keys }'), undefined, schema, requirements, both).refusals.length, 0);
  const regulator = { subject: 'r', role: 'REGULATOR' as const, scopes: [] };
  assert.equal(authorizeOperation(parse('{ keys shop(id: "1") { owner } }'), undefined, schema, requirements, regulator).refusals.length, 0);
});

test('fields reached through named fragments are judged at their response path', () => {
  const document = parse('query { shop(id: "1") { ...S } } fragment S on Shop { mine: owner secret { value } }');
  const result = authorizeOperation(document, undefined, schema, requirements, { ...partner, scopes: [] });
  assert.deepEqual(result.refusals.map((r) => r.path.join('.')), ['shop.mine']);
});

test('a type marked @authenticated is refused wherever a field returns it', () => {
  const result = authorizeOperation(parse('{ open shop(id: "1") { secret { value } } }'), undefined, schema, requirements, undefined);
  assert.deepEqual(result.refusals.map((r) => r.coordinate), ['Query.shop']);
  const nested = authorizeOperation(parse('{ shop(id: "1") { name secret { value } } }'), undefined, schema, requirements, { ...partner, scopes: [] });
  assert.equal(nested.refusals.length, 0, 'an authenticated caller may see Secret');
});

test('when every root field is refused nothing is left to run, and an emptied selection keeps __typename', () => {
  const all = authorizeOperation(parse('{ keys }'), undefined, schema, requirements, partner);
  assert.equal(all.empty, true);
  const emptied = authorizeOperation(parse('{ shop(id: "1") { owner } }'), undefined, schema, requirements, { ...partner, scopes: [] });
  assert.match(print(emptied.document), /shop\(id: "1"\) \{\s+__typename\s+\}/);
});
