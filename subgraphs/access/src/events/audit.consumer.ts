import { BusConsumer, type BusEvent, type EventType, type Logger, type Sql } from '@sw/kernel';
import { AuditAction } from '../audit/audit.enums';
import type { AuditService, NewAuditEntry } from '../audit/audit.service';

type Translation = (event: BusEvent) => Pick<NewAuditEntry, 'action' | 'subject' | 'detail'>;

/**
 * The events the audit log records, and what of each it keeps: ids and codes only. The key's
 * label is left out of KEY_ISSUED because it is free text and could name a person.
 */
const TRANSLATIONS: Partial<Record<EventType, Translation>> = {
  'registry.pii.revealed': ({ subject, data }) => ({
    action: AuditAction.PII_REVEALED,
    subject: String(data.subjectId ?? subject),
    detail: { subjectType: data.subjectType ?? null, fields: data.fields ?? [] },
  }),
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
    },
  });
}
