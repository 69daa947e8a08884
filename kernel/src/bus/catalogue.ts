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
} as const satisfies Record<string, { description: string; data: readonly string[] }>;

export type EventType = keyof typeof EVENT_CATALOGUE;

export function isCatalogued(type: string): type is EventType {
  return Object.hasOwn(EVENT_CATALOGUE, type);
}
