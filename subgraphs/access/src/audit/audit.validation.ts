import { badInput, requiredText, residentIdProblem } from '@sw/kernel';
import { AuditAction, GATEWAY_ACTIONS } from './audit.enums';
import type { AuditFilter, AuditInput } from './audit.type';

export interface ValidAuditInput {
  action: AuditAction;
  actor: string;
  subject: string;
  detail: Record<string, unknown>;
}

const DETAIL_KEY = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const MAX_DETAIL_KEYS = 20;
const MAX_DETAIL_TEXT = 200;
const MAX_DETAIL_LIST = 50;
// Mainland mobile numbers: 11 digits starting 13-19 (not part of a longer digit run).
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
const RESIDENT_ID_LIKE = /\d{17}[\dXx]/g;

export function validAuditInput(input: AuditInput): ValidAuditInput {
  if (!GATEWAY_ACTIONS.includes(input.action)) {
    throw badInput('input.action', `${input.action} is recorded from its bus event; the gateway records ${GATEWAY_ACTIONS.join(' or ')}`);
  }
  return {
    action: input.action,
    actor: noPersonalData('input.actor', requiredText('input.actor', input.actor, 200)),
    subject: noPersonalData('input.subject', requiredText('input.subject', input.subject, 200)),
    detail: validDetail('input.detail', input.detail ?? {}),
  };
}

/**
 * Detail is a flat object of ids and codes: strings (at most 200 characters), integers, booleans,
 * null, or lists of strings. Anything that looks like a resident ID or mobile number is refused,
 * because the audit log can never be corrected afterwards.
 */
function validDetail(field: string, detail: Record<string, unknown>): Record<string, unknown> {
  const entries = Object.entries(detail);
  if (entries.length > MAX_DETAIL_KEYS) throw badInput(field, `holds at most ${MAX_DETAIL_KEYS} keys, got ${entries.length}`);
  for (const [key, value] of entries) {
    const where = `${field}.${key}`;
    if (!DETAIL_KEY.test(key)) throw badInput(where, 'keys are letters, digits and _ (at most 40), starting with a letter');
    if (Array.isArray(value)) {
      if (value.length > MAX_DETAIL_LIST) throw badInput(where, `lists at most ${MAX_DETAIL_LIST} values, got ${value.length}`);
      value.forEach((item) => {
        if (typeof item !== 'string') throw badInput(where, 'a list holds strings only');
        detailText(where, item);
      });
    } else if (typeof value === 'string') {
      detailText(where, value);
    } else if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw badInput(where, 'numbers are integers');
    } else if (value !== null && typeof value !== 'boolean') {
      throw badInput(where, 'must be a string, an integer, a boolean, null or a list of strings');
    }
  }
  return detail;
}

function detailText(field: string, value: string): void {
  if ([...value].length > MAX_DETAIL_TEXT) throw badInput(field, `must be at most ${MAX_DETAIL_TEXT} characters`);
  noPersonalData(field, value);
}

/** Refuses text holding a valid resident ID number (GB 11643-1999) or a mobile number. */
function noPersonalData(field: string, value: string): string {
  const residentId = value.match(RESIDENT_ID_LIKE)?.some((candidate) => residentIdProblem(candidate.toUpperCase()) === undefined);
  if (residentId || MOBILE.test(value)) {
    throw badInput(field, 'looks like personal data (a resident ID or phone number); record ids such as Person.id instead');
  }
  return value;
}

export interface ValidAuditFilter {
  actor?: string;
  action?: AuditAction;
  subject?: string;
  from?: Date;
  to?: Date;
}

export function validAuditFilter(filter: AuditFilter | null | undefined): ValidAuditFilter {
  const valid: ValidAuditFilter = {};
  if (filter?.actor) valid.actor = filter.actor;
  if (filter?.action) valid.action = filter.action;
  if (filter?.subject) valid.subject = filter.subject;
  if (filter?.from) valid.from = filter.from;
  if (filter?.to) valid.to = filter.to;
  if (valid.from && valid.to && valid.to.getTime() <= valid.from.getTime()) {
    throw badInput('filter.to', 'must be after filter.from (from is inclusive, to exclusive)');
  }
  return valid;
}
