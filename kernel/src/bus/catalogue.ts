/**
 * Every event type the project publishes, with the fields of its `data`.
 * Types are `<subgraph>.<entity>.<verb>`; a producer cannot publish a type that is not here.
 */
export const EVENT_CATALOGUE = {
  'registry.enterprise.filed': {
    description: 'An enterprise filed once with the Single Window; every agency qualification starts ACTIVE.',
    data: ['uscc', 'name', 'customsCode', 'region', 'roles', 'filingStatus'],
  },
  'registry.enterprise.amended': {
    description: 'A filing was amended; data carries the filing as it now stands and the names of the changed fields.',
    data: ['uscc', 'name', 'customsCode', 'region', 'roles', 'filingStatus', 'changed'],
  },
  'registry.enterprise.revoked': {
    description: 'A filing was revoked; every agency qualification is REVOKED.',
    data: ['uscc', 'customsCode', 'reason', 'filingStatus'],
  },
  'registry.person.filed': {
    description: 'An individual e-merchant filed; the id is the keyed hash of the ID number (never the number).',
    data: ['personId', 'region'],
  },
  'registry.person.anonymised': {
    description: 'The retention period of an individual filing ran out: its name, ID number and phone are erased; the id and region stay for statistics.',
    data: ['personId', 'anonymisedAt'],
  },
  'registry.pii.revealed': {
    description: 'A caller holding pii:read asked to see personal data unmasked; the audit log records it.',
    data: ['subjectType', 'subjectId', 'fields'],
  },
  'access.key.issued': {
    description: 'An API key was issued; data never carries the key or its hash. The audit log records it.',
    data: ['keyId', 'role', 'uscc', 'scopes', 'expiresAt', 'label'],
  },
  'access.key.revoked': {
    description: 'An API key was revoked; the gateway drops it from its cache and the audit log records it.',
    data: ['keyId'],
  },
  'agencies.identity.checked': {
    description: 'A resident ID was checked with the public security service (verifyIdentity); never the whole number or the name. The audit log records it.',
    data: ['personId', 'idNumberMasked', 'result', 'reference', 'checkedAt', 'failure'],
  },
  'agencies.saic-record.observed': {
    description: 'The market regulator\'s status and publicity-list entries of an enterprise, read for the first time or changed since last published (credit input).',
    data: ['uscc', 'status', 'publicityEntries', 'first', 'observedAt'],
  },
  'agencies.tax-rating.observed': {
    description: 'The tax credit rating of an enterprise, read for the first time or changed since last published (credit input).',
    data: ['uscc', 'rating', 'score', 'year', 'assessedOn', 'first', 'observedAt'],
  },
  'agencies.rebate.submitted': {
    description: 'An export-rebate declaration was handed to the tax bureau (once per requestId).',
    data: ['uscc', 'rebateId', 'requestId', 'period', 'amount', 'currency', 'status'],
  },
  'agencies.customs.receipt-received': {
    description: 'Customs answered a declaration with a receipt (status code and message); published once per receiptId, whether it came by callback or by polling.',
    data: ['declarationId', 'copNo', 'messageType', 'code', 'message', 'issuedAt', 'receiptId'],
  },
  'clearance.declaration.status-changed': {
    description: 'A declaration (inventory list) moved from one clearance status to another (from is null when it was declared); receiptCode is the customs receipt that drove it, if any. parties: the USCC of each enterprise on it by role; logisticsNo: the waybill (parcel) number.',
    data: ['declarationId', 'copNo', 'orderNo', 'logisticsNo', 'enterprise', 'platform', 'parties', 'direction', 'mode', 'from', 'to', 'at', 'reason', 'receiptCode'],
  },
  'clearance.declaration.cleared': {
    description: 'A declaration reached CLEARED (结关), published with that transition for statistics; published again with the same declarationId when its cleared figures are corrected (the later one replaces the earlier). enterprise: the e-commerce enterprise\'s USCC; parties: the USCC of each enterprise on it by role; direction IMPORT or EXPORT; mode MODE_9610 …; country: partner country (ISO 3166-1 alpha-2); currency: ISO 4217 of the declaration; valueCny: its goods value in CNY as a decimal string with two places; lines: [{ hsChapter: two digits, valueCny }]; clearedAt: ISO-8601.',
    data: ['declarationId', 'copNo', 'enterprise', 'parties', 'direction', 'mode', 'country', 'currency', 'valueCny', 'lines', 'clearedAt'],
  },
  'clearance.declaration.ready-for-customs': {
    description: 'A matched declaration is to be sent to customs (CEB621 import, CEB603 export); message carries the inventory in the XML field names with the buyer masked (no plain personal data on the bus). appType 1 new, 2 modification; attempt counts resends after receipt code 4.',
    data: ['declarationId', 'copNo', 'orderNo', 'enterprise', 'direction', 'mode', 'messageType', 'appType', 'version', 'attempt', 'riskClass', 'buyerPersonId', 'message'],
  },
  'clearance.match.mismatched': {
    description: 'The three-document match of a declaration failed; mismatches name every differing field and document (personal values masked). For credit.',
    data: ['declarationId', 'copNo', 'orderNo', 'enterprise', 'platform', 'parties', 'mismatches'],
  },
  'clearance.declaration.rejected': {
    description: 'Customs rejected a declaration (receipt 100 or a processing-error receipt). For credit.',
    data: ['declarationId', 'copNo', 'orderNo', 'enterprise', 'platform', 'parties', 'receiptCode', 'reason', 'at'],
  },
  'clearance.pii.revealed': {
    description: 'A caller holding pii:read asked to see a buyer\'s personal data on a declaration or document unmasked; the audit log records it.',
    data: ['subjectType', 'subjectId', 'fields'],
  },
  'credit.profile.grade-changed': {
    description: 'An enterprise\'s credit grade or customs credit class changed (from is null for its first profile); inspectionRate and simplifiedClearance are its graded supervision now.',
    data: ['uscc', 'from', 'to', 'previousCustomsClass', 'customsClass', 'score', 'inspectionRate', 'simplifiedClearance', 'cause'],
  },
  'credit.risk.class-changed': {
    description: 'An enterprise\'s risk class (LOW, MEDIUM, HIGH) changed; warnings names the kinds of its open risk warnings. Clearance uses it for inspection.',
    data: ['uscc', 'from', 'to', 'warnings', 'cause'],
  },
  'credit.negative-list.listed': {
    description: 'An enterprise was put on the negative list: registry and clearance refuse its new filings and declarations.',
    data: ['uscc', 'entryId', 'reason', 'authority', 'listedOn'],
  },
  'credit.negative-list.delisted': {
    description: 'An enterprise was taken off the negative list.',
    data: ['uscc', 'entryId', 'reason', 'authority', 'delistedOn'],
  },
  'traceability.product.filed': {
    description: 'A product was filed (商品备案) by its owner; gtin is as filed (null when none). Clearance and statistics may keep a projection.',
    data: ['productId', 'owner', 'sku', 'name', 'hsCode', 'originCountry', 'gtin', 'status'],
  },
  'traceability.quality-risk.reported': {
    description: 'A product-quality risk was reported (source INSPECTION, COMPLAINT, RECALL_NOTICE or PUBLIC_OPINION). enterprises: the USCCs answering for the goods (product owners). The affected counts and declarations come from the trace graph; declarationIds holds at most 1000 of declarationCount. For credit.',
    data: ['riskId', 'source', 'severity', 'title', 'productIds', 'batches', 'codes', 'enterprises', 'affectedCodeCount', 'parcelCount', 'declarationCount', 'declarationIds', 'reportedAt'],
  },
  'traceability.recall.issued': {
    description: 'A recall was issued on a quality risk, with what it reached through the trace graph when issued (declarationIds: at most 1000 of declarationCount). For credit.',
    data: ['recallId', 'riskId', 'source', 'severity', 'productIds', 'enterprises', 'reason', 'affectedCodeCount', 'parcelCount', 'declarationCount', 'declarationIds', 'issuedAt'],
  },
} as const satisfies Record<string, { description: string; data: readonly string[] }>;

export type EventType = keyof typeof EVENT_CATALOGUE;

export function isCatalogued(type: string): type is EventType {
  return Object.hasOwn(EVENT_CATALOGUE, type);
}
