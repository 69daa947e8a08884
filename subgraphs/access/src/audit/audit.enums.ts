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
  /** An enterprise granted a partner access to its data (access.grant.given). */
  GRANT_GIVEN = 'GRANT_GIVEN',
  /** A grant was revoked (access.grant.revoked). */
  GRANT_REVOKED = 'GRANT_REVOKED',
  /** A partner read an enterprise's data under a grant (access.grant.used). */
  GRANT_USED = 'GRANT_USED',
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
    GRANT_GIVEN: { description: 'An enterprise granted a partner access to scopes of its data (from access.grant.given).' },
    GRANT_REVOKED: { description: 'A consent grant was revoked (from access.grant.revoked).' },
    GRANT_USED: { description: 'A partner read an enterprise\'s data under a grant (from access.grant.used); the enterprise sees it in dataAccessLog.' },
  },
});

/** Actions the gateway reports through recordAudit; the others come only from their bus events. */
export const GATEWAY_ACTIONS: readonly AuditAction[] = [AuditAction.ACCESS_REFUSED, AuditAction.IDENTITY_CHECKED];
