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
  'access.grant.given': {
    description: 'An enterprise (or a regulator for it) granted a partner enterprise read access to scopes (DataScope) of its data until a time; every subgraph that enforces grants projects it (kernel/src/access/grants.ts). The audit log records it.',
    data: ['grantId', 'uscc', 'partnerUscc', 'scopes', 'until'],
  },
  'access.grant.revoked': {
    description: 'A consent grant was revoked; partners read nothing more under it once each subgraph\'s projection has the event. The audit log records it.',
    data: ['grantId', 'uscc', 'partnerUscc', 'scopes', 'until', 'revokedAt'],
  },
  'access.grant.used': {
    description: 'A partner read data of an enterprise under its grant, published by the subgraph that served the read (one event per request, enterprise and scope). what: the fields read, by name; requestId: the gateway request. Never the data itself. The access subgraph turns it into the enterprise\'s dataAccessLog and an audit entry.',
    data: ['partnerUscc', 'uscc', 'scope', 'what', 'requestId'],
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
  'logistics.warehouse.registered': {
    description: 'A warehouse was entered in the register (status ACTIVE). kind BONDED, PUBLIC_OVERSEAS or PRIVATE_OVERSEAS; operatorUscc: the filed enterprise that runs it; country: ISO 3166-1 alpha-2; areaM2: a decimal string with two places; services: WarehouseService values; registeredAt: ISO-8601. Statistics counts PUBLIC_OVERSEAS warehouses toward pilotTargets.',
    data: ['warehouseId', 'name', 'operatorUscc', 'kind', 'country', 'city', 'areaM2', 'services', 'status', 'registeredAt'],
  },
  'logistics.warehouse.status-changed': {
    description: 'A registered warehouse moved from one status (ACTIVE, SUSPENDED, CLOSED) to another; kind, country and operatorUscc repeat the registration so a counter needs no join. CLOSED is final.',
    data: ['warehouseId', 'operatorUscc', 'kind', 'country', 'from', 'to', 'reason', 'at'],
  },
  'logistics.parcel.milestone-reported': {
    description: 'A logistics firm (or a regulator) reported a parcel milestone of a waybill: kind PICKED_UP, DEPARTED, ARRIVED, OUT_FOR_DELIVERY, DELIVERED or EXCEPTION; occurredAt and reportedAt ISO-8601; city and country (ISO 3166-1 alpha-2) where it happened, null when unknown (EXCEPTION only). carrierUscc: the logistics firm holding logisticsCode; declarationId, enterprise and platform (USCCs): the declaration that clears the waybill when logistics knew it at report time, else null. bizStep and disposition: the CBV 2.0 terms for a trace event. Published once per milestone (a repeated report is not republished); the free-text note never travels on the bus.',
    data: ['milestoneId', 'logisticsCode', 'logisticsNo', 'carrierUscc', 'kind', 'occurredAt', 'city', 'country', 'reportedAt', 'declarationId', 'enterprise', 'platform', 'bizStep', 'disposition'],
  },
} as const satisfies Record<string, { description: string; data: readonly string[] }>;

export type EventType = keyof typeof EVENT_CATALOGUE;

export function isCatalogued(type: string): type is EventType {
  return Object.hasOwn(EVENT_CATALOGUE, type);
}
