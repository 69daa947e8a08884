import { registerEnumType } from 'type-graphql';

export enum AuditAction {
  /** Personal data shown unmasked (registry.pii.revealed). */
  PII_REVEALED = 'PII_REVEALED',
  /** An API key issued (access.key.issued). */
  KEY_ISSUED = 'KEY_ISSUED',
  /** An API key revoked (access.key.revoked). */
  KEY_REVOKED = 'KEY_REVOKED',
  /** The gateway refused a request: unknown, expired or revoked key, or a missing scope. */
  ACCESS_REFUSED = 'ACCESS_REFUSED',
  /** A resident's identity was checked (verifyIdentity). */
  IDENTITY_CHECKED = 'IDENTITY_CHECKED',
}
registerEnumType(AuditAction, {
  name: 'AuditAction',
  description: 'What an audit entry records.',
  valuesConfig: {
    PII_REVEALED: { description: 'Personal data shown unmasked (from registry.pii.revealed).' },
    KEY_ISSUED: { description: 'An API key issued (from access.key.issued).' },
    KEY_REVOKED: { description: 'An API key revoked (from access.key.revoked).' },
    ACCESS_REFUSED: { description: 'The gateway refused a request (unknown, expired or revoked key; missing scope).' },
    IDENTITY_CHECKED: { description: 'A resident\'s identity was checked.' },
  },
});

/** Actions the gateway reports through recordAudit; the others come only from their bus events. */
export const GATEWAY_ACTIONS: readonly AuditAction[] = [AuditAction.ACCESS_REFUSED, AuditAction.IDENTITY_CHECKED];
