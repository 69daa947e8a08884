import { BusConsumer, type BusEvent, type EventType, type Logger, type Sql } from '@sw/kernel';
import { AuditAction } from '../audit/audit.enums';
import type { AuditService, NewAuditEntry } from '../audit/audit.service';
import { appendAccessLog } from '../grants/access-log';

type Translation = (event: BusEvent) => Pick<NewAuditEntry, 'action' | 'subject' | 'detail'>;

/**
 * The events the audit log records, and what of each it keeps: ids and codes only. The key's
 * label is left out of KEY_ISSUED because it is free text and could name a person.
 */
/** Registry and clearance publish reveals with the same data shape. */
const piiRevealed: Translation = ({ subject, data }) => ({
  action: AuditAction.PII_REVEALED,
  subject: String(data.subjectId ?? subject),
  detail: { subjectType: data.subjectType ?? null, fields: data.fields ?? [] },
});

const TRANSLATIONS: Partial<Record<EventType, Translation>> = {
  'registry.pii.revealed': piiRevealed,
  'clearance.pii.revealed': piiRevealed,
  'access.key.issued': ({ subject, data }) => ({
    action: AuditAction.KEY_ISSUED,
    subject: String(data.keyId ?? subject),
    detail: { role: data.role ?? null, uscc: data.uscc ?? null, scopes: data.scopes ?? [], expiresAt: data.expiresAt ?? null },
  }),
  'access.key.revoked': ({ subject, data }) => ({
    action: AuditAction.KEY_REVOKED,
    subject: String(data.keyId ?? subject),
    detail: {},
  }),
  // The person by keyed-hash id, the number only masked: the whole number and the name never reach the log.
  'agencies.identity.checked': ({ subject, data }) => ({
    action: AuditAction.IDENTITY_CHECKED,
    subject: String(data.personId ?? subject),
    detail: { idNumber: data.idNumberMasked ?? null, result: data.result ?? null, reference: data.reference ?? null, failure: data.failure ?? null },
  }),
  'access.grant.given': ({ subject, data }) => ({
    action: AuditAction.GRANT_GIVEN,
    subject: String(data.grantId ?? subject),
    detail: { uscc: data.uscc ?? null, partnerUscc: data.partnerUscc ?? null, scopes: data.scopes ?? [], until: data.until ?? null },
  }),
  'access.grant.revoked': ({ subject, data }) => ({
    action: AuditAction.GRANT_REVOKED,
    subject: String(data.grantId ?? subject),
    detail: { uscc: data.uscc ?? null, partnerUscc: data.partnerUscc ?? null },
  }),
  // By the enterprise read; the enterprise's own view of it is its dataAccessLog (appendAccessLog).
  'access.grant.used': ({ subject, data }) => ({
    action: AuditAction.GRANT_USED,
    subject: String(data.uscc ?? subject),
    detail: { partnerUscc: data.partnerUscc ?? null, scope: data.scope ?? null, what: data.what ?? [], requestId: data.requestId ?? null },
  }),
};

export const AUDITED_EVENT_TYPES = Object.keys(TRANSLATIONS) as EventType[];

/** The audit entry for a bus event: its id is the event's, so a redelivered event is not appended again. */
export function auditEntryOf(event: BusEvent): NewAuditEntry {
  const translate = TRANSLATIONS[event.type];
  if (!translate) throw new Error(`event type ${event.type} is not audited`);
  return { id: event.id, at: event.occurredAt, actor: event.actor, ...translate(event) };
}

/**
 * Appends an audit entry for each audited event, in the consumer's transaction: the entry and
 * the consumer's progress commit together. Processed event ids and the entry id both make a
 * redelivery a no-op.
 */
export function auditConsumer(sql: Sql, audit: AuditService, logger: Logger): BusConsumer {
  return new BusConsumer(sql, {
    name: 'audit-log',
    schema: 'access',
    types: AUDITED_EVENT_TYPES,
    logger,
    handle: async (event, tx) => {
      await audit.append(tx, auditEntryOf(event));
      if (event.type === 'access.grant.used') await appendAccessLog(tx, event, logger);
    },
  });
}
