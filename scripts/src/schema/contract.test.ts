import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { apiSchemaOf } from './compose';
import { CONTRACT_FILE, contractDifferences, parseContract, readContract, type BuiltSections } from './contract';
import { SUPERGRAPH_FILE } from './generate';

/** The API.md sections the supergraph serves so far; a section joins when its subgraph does. */
const BUILT: BuiltSections = {
  Registry: 'all',
  // The access subgraph serves API keys and the audit log; consent grants are not built yet.
  'Serving and access': [
    'Mutation.issueApiKey', 'Mutation.revokeApiKey', 'IssueApiKeyInput', 'IssuedApiKey', 'Role', 'Query.apiKeys', 'Query.auditLog',
  ],
  // The agencies subgraph: verifyIdentity, IdentityCheck, IdentityResult, Enterprise.saic and Enterprise.tax.
  'External agencies': 'all',
  // The credit subgraph: Enterprise.credit, CreditProfile and its enums, negativeList, riskWarnings, recordCreditEvent.
  Credit: 'all',
  // The clearance subgraph: documents, declarations, match, tax; the subscription comes in a later step.
  Clearance: [
    'Declaration', 'SupervisionMode', 'TradeDirection', 'Buyer', 'Mutation.submitOrder', 'Mutation.submitPayment', 'Mutation.submitWaybill',
    'Mutation.submitInventory', 'OrderInput', 'OrderItemInput', 'PaymentInput', 'WaybillInput', 'InventoryInput', 'InventoryItemInput',
    'MatchResult', 'Mismatch', 'DocumentKind', 'ImportTax', 'StatusChange', 'ClearanceStatus', 'Query.declaration', 'Query.declarations',
    'DeclarationFilter', 'Enterprise.declarations',
  ],
  // The statistics subgraph: tradeStatistics, compositeIndex, pilotTargets and Enterprise.tradeSummary.
  Statistics: 'all',
  // Clearance owns the waybill document (keyed by logisticsCode and logisticsNo); logistics adds its milestones.
  // Consent grants (access): grantDataAccess, revokeDataAccess, DataScope, DataAccessGrant, Enterprise.dataAccessGrants and dataAccessLog.
  'Finance and logistics': ['Waybill.logisticsNo', 'Waybill.logisticsCode', 'Waybill.declaration',
    'Mutation.grantDataAccess', 'Mutation.revokeDataAccess', 'GrantDataAccessInput', 'DataScope', 'DataAccessGrant',
    'Enterprise.dataAccessGrants', 'Enterprise.dataAccessLog',
    // The logistics subgraph: the warehouse register, parcel milestones on the waybill, waybill(logisticsNo) and parcelTracked.
    'Mutation.registerWarehouse', 'WarehouseInput', 'WarehouseKind', 'Query.warehouses', 'Mutation.reportParcelMilestone', 'Query.waybill',
    'Waybill.milestones', 'Subscription.parcelTracked'],
  // The traceability subgraph: Product, trace(code), Trace, TraceEvent, EventType, fileProduct, captureTraceEvents, Declaration.trace.
  Traceability: 'all',
};

test('the supergraph serves every name and type API.md fixes for the sections built so far', () => {
  assert.ok(existsSync(CONTRACT_FILE), `the partner contract is missing: expected it at ${CONTRACT_FILE}`);
  assert.ok(existsSync(SUPERGRAPH_FILE), 'schema/supergraph.graphql is missing; run `npm run schema`');
  const differences = contractDifferences(readContract(), apiSchemaOf(readFileSync(SUPERGRAPH_FILE, 'utf8')), BUILT);
  assert.deepEqual(differences, [], `schema/supergraph.graphql breaks the partner contract ${CONTRACT_FILE}:\n${differences.join('\n')}`);
});

const SAMPLE = `
# Contract

Prose with \`code\` and a [link](x).

## Alpha

\`\`\`graphql
# a comment { with braces }
type Shop @key(fields: "id") { id: ID!   # the id
  tags: [Tag!]!  name(reveal: Boolean = false, lang: String): String }
enum Tag { NEW   OLD
           USED }   # trailing
Query { shop(id: ID!): Shop  shops(first: Int = 10, after: String): [Shop!]!
        # between fields
        count: Int! }
input ShopInput { id name  tags: [Tag!]! }
\`\`\`

## Beta

\`\`\`graphql
extend type Shop { rating(scale: Int): Float }
Mutation { rate(id: ID!, stars: Int!): Shop! }
\`\`\`

\`\`\`sh
type NotGraphql { x: Int }
\`\`\`
`;

test('the contract parser reads definitions, shorthand roots, typeless inputs and comments by section', () => {
  const sections = parseContract(SAMPLE);
  assert.deepEqual(sections.map((section) => section.title), ['Alpha', 'Beta']);
  assert.deepEqual(sections[0].definitions, [
    { kind: 'type', name: 'Shop', values: [], fields: [
      { name: 'id', type: 'ID!', arguments: [] },
      { name: 'tags', type: '[Tag!]!', arguments: [] },
      { name: 'name', type: 'String', arguments: [{ name: 'reveal', type: 'Boolean' }, { name: 'lang', type: 'String' }] },
    ] },
    { kind: 'enum', name: 'Tag', values: ['NEW', 'OLD', 'USED'], fields: [] },
    { kind: 'root', name: 'Query', values: [], fields: [
      { name: 'shop', type: 'Shop', arguments: [{ name: 'id', type: 'ID!' }] },
      { name: 'shops', type: '[Shop!]!', arguments: [{ name: 'first', type: 'Int' }, { name: 'after', type: 'String' }] },
      { name: 'count', type: 'Int!', arguments: [] },
    ] },
    { kind: 'input', name: 'ShopInput', values: [], fields: [
      { name: 'id', arguments: [] },
      { name: 'name', arguments: [] },
      { name: 'tags', type: '[Tag!]!', arguments: [] },
    ] },
  ]);
  assert.deepEqual(sections[1].definitions, [
    { kind: 'extend type', name: 'Shop', values: [], fields: [
      { name: 'rating', type: 'Float', arguments: [{ name: 'scale', type: 'Int' }] },
    ] },
    { kind: 'root', name: 'Mutation', values: [], fields: [
      { name: 'rate', type: 'Shop!', arguments: [{ name: 'id', type: 'ID!' }, { name: 'stars', type: 'Int!' }] },
    ] },
  ]);
});

test('every difference from the contract is reported, in built sections only', () => {
  const schema = buildSchema(`
    type Shop { id: ID!  tags: [Tag!]  name(reveal: Boolean): String }
    enum Tag { NEW OLD }
    type Query { shop(id: ID): Shop  shops(first: Int): [Shop!]!  count: Int! }
    input ShopInput { id: ID!  tags: [Tag!]! }
  `);
  assert.deepEqual(contractDifferences(parseContract(SAMPLE), schema, { Alpha: 'all', Beta: ['Mutation.rate'], Gamma: [] }), [
    '## Gamma: no such section in API.md',
    'Shop.tags: expected [Tag!]!, got [Tag!]',
    'Shop.name(lang:): expected String, missing',
    'Tag.USED: expected enum value, missing',
    'Query.shop(id:): expected ID!, got ID',
    'Query.shops(after:): expected String, missing',
    'ShopInput.name: expected field, missing',
    'Mutation: expected root type, missing',
  ]);
  assert.deepEqual(contractDifferences(parseContract(SAMPLE), schema, { Beta: [] }), []);
});

test('a missing API.md fails with where it was expected', () => {
  assert.throws(() => readContract('/nonexistent/shared/API.md'), /API\.md is missing: expected it at \/nonexistent\/shared\/API\.md/);
});
