import { badInput, usccProblem } from '@sw/kernel';
import type { DataScope } from './grant.enums';
import type { GrantDataAccessInput } from './grant.type';

/** A grant request once it passed the edge; past this point code trusts it. */
export interface ValidGrant {
  uscc: string;
  partnerUscc: string;
  scopes: DataScope[];
  until: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

export function validGrant(input: GrantDataAccessInput, now = new Date()): ValidGrant {
  const uscc = validUscc('input.uscc', input.uscc);
  const partnerUscc = validUscc('input.partnerUscc', input.partnerUscc);
  if (partnerUscc === uscc) {
    throw badInput('input.partnerUscc', 'must be another enterprise than input.uscc: an enterprise reads its own data without a grant');
  }
  return { uscc, partnerUscc, scopes: validScopes(input.scopes), until: validUntil(input.until, now) };
}

function validUscc(field: string, uscc: string): string {
  const problem = usccProblem(uscc);
  if (problem) throw badInput(field, problem);
  return uscc;
}

function validScopes(scopes: DataScope[]): DataScope[] {
  if (scopes.length === 0) throw badInput('input.scopes', 'must list at least one DataScope (TRADE_SUMMARY DECLARATIONS CREDIT RISK TAX REBATE)');
  const duplicate = scopes.find((scope, index) => scopes.indexOf(scope) !== index);
  if (duplicate) throw badInput('input.scopes', `lists ${duplicate} twice`);
  return scopes;
}

function validUntil(until: Date, now: Date): Date {
  if (Number.isNaN(until.getTime())) throw badInput('input.until', 'must be a date and time, e.g. 2027-06-30T23:59:59+08:00');
  if (until.getTime() <= now.getTime()) {
    throw badInput('input.until', `must be in the future, got ${until.toISOString()} (now ${now.toISOString()})`);
  }
  return until;
}
