import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { breakingChanges } from './breaking-check';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])';

/** A one-subgraph supergraph, composed as `npm run schema` composes ours. */
function supergraph(sdl: string): string {
  const result = composeServices([{ name: 'shop', url: 'http://localhost:4999/graphql', typeDefs: parse(`${LINK}\n${sdl}`) }]);
  if (result.errors) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result.supergraphSdl;
}

const BEFORE = supergraph(`
  type Shop @key(fields: "id") { id: ID!  name: String!  status: Status! }
  enum Status { OPEN CLOSED }
  type Query { shop(id: ID!): Shop  shopsByStatus(status: Status!): [Shop!]! }
`);

test('a removed field is a breaking change', () => {
  const after = supergraph(`
    type Shop @key(fields: "id") { id: ID!  status: Status! }
    enum Status { OPEN CLOSED }
    type Query { shop(id: ID!): Shop  shopsByStatus(status: Status!): [Shop!]! }
  `);
  assert.deepEqual(breakingChanges(BEFORE, after), ['FIELD_REMOVED: Shop.name was removed.']);
});

test('a removed enum value is a breaking change', () => {
  const after = supergraph(`
    type Shop @key(fields: "id") { id: ID!  name: String!  status: Status! }
    enum Status { OPEN }
    type Query { shop(id: ID!): Shop  shopsByStatus(status: Status!): [Shop!]! }
  `);
  assert.deepEqual(breakingChanges(BEFORE, after), ['VALUE_REMOVED_FROM_ENUM: CLOSED was removed from enum type Status.']);
});

test('an added field is not a breaking change', () => {
  const after = supergraph(`
    type Shop @key(fields: "id") { id: ID!  name: String!  status: Status!  opensAt: String }
    enum Status { OPEN CLOSED }
    type Query { shop(id: ID!): Shop  shopsByStatus(status: Status!): [Shop!]!  shopCount: Int! }
  `);
  assert.deepEqual(breakingChanges(BEFORE, after), []);
});

test('the same supergraph compared with itself has no breaking changes', () => {
  assert.deepEqual(breakingChanges(BEFORE, BEFORE), []);
});
