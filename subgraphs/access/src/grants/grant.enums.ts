import { registerEnumType } from 'type-graphql';

/** What an enterprise opens to a partner (API.md); the same values as the kernel's DATA_SCOPES (a test holds them equal). */
export enum DataScope {
  TRADE_SUMMARY = 'TRADE_SUMMARY',
  DECLARATIONS = 'DECLARATIONS',
  CREDIT = 'CREDIT',
  RISK = 'RISK',
  TAX = 'TAX',
  REBATE = 'REBATE',
}
registerEnumType(DataScope, {
  name: 'DataScope',
  description: 'A part of an enterprise\'s data it can open to a partner with grantDataAccess; each subgraph enforces the scopes of its own fields.',
  valuesConfig: {
    TRADE_SUMMARY: { description: 'Enterprise.tradeSummary (statistics).' },
    DECLARATIONS: { description: 'The enterprise\'s declarations (clearance).' },
    CREDIT: { description: 'The credit profile beyond grade and onNegativeList: customsClass, taxRating, score, factors, records, history, supervision, computedAt.' },
    RISK: { description: 'The credit profile\'s riskClass.' },
    TAX: { description: 'Enterprise.tax: tax rating and VAT exemption.' },
    REBATE: { description: 'Export rebates (Enterprise.tax.rebates, which is reached through Enterprise.tax and so also needs TAX).' },
  },
});

