import { badInput, forbidden, requiredText, usccProblem, type Identity } from '@sw/kernel';
import { INTERNAL_SCOPES } from '../internal';
import { GRANTABLE_SCOPES, Role } from './api-key.enums';
import type { IssueApiKeyInput } from './api-key.type';

/** An issue request once it passed the edge; past this point code trusts it. */
export interface ValidIssue {
  label: string;
  role: Role;
  uscc: string | null;
  scopes: string[];
  expiresAt: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

const KEY_HASH = /^[0-9a-f]{64}$/;
export const isKeyHash = (value: string) => KEY_HASH.test(value);

export function validIssue(input: IssueApiKeyInput, now = new Date()): ValidIssue {
  return {
    label: requiredText('input.label', input.label, 100),
    role: input.role,
    uscc: validKeyUscc(input.role, input.uscc),
    scopes: validScopes('input.scopes', input.scopes ?? []),
    expiresAt: validExpiry('input.expiresAt', input.expiresAt, now),
  };
}

/** ENTERPRISE and PARTNER keys act for one enterprise (GB 32100-2015 USCC); a REGULATOR key for none. */
function validKeyUscc(role: Role, uscc: string | null | undefined): string | null {
  const absent = uscc === null || uscc === undefined || uscc === '';
  if (role === Role.REGULATOR) {
    if (!absent) throw badInput('input.uscc', 'a REGULATOR key acts for no enterprise; leave uscc out');
    return null;
  }
  if (absent) throw badInput('input.uscc', `a ${role} key needs the USCC of the enterprise it acts for`);
  const problem = usccProblem(uscc);
  if (problem) throw badInput('input.uscc', problem);
  return uscc;
}

function validScopes(field: string, scopes: string[]): string[] {
  const allowed: readonly string[] = GRANTABLE_SCOPES;
  for (const scope of scopes) {
    if ((INTERNAL_SCOPES as readonly string[]).includes(scope)) {
      throw badInput(field, `${scope} is internal to the gateway and cannot be granted; allowed: ${GRANTABLE_SCOPES.join(' ')}`);
    }
    if (!allowed.includes(scope)) throw badInput(field, `unknown scope "${scope}"; allowed: ${GRANTABLE_SCOPES.join(' ')}`);
  }
  const duplicate = scopes.find((scope, index) => scopes.indexOf(scope) !== index);
  if (duplicate) throw badInput(field, `lists ${duplicate} twice`);
  return scopes;
}

function validExpiry(field: string, expiresAt: Date | null | undefined, now: Date): Date | null {
  if (expiresAt === null || expiresAt === undefined) return null;
  if (expiresAt.getTime() <= now.getTime()) {
    throw badInput(field, `must be in the future, got ${expiresAt.toISOString()} (now ${now.toISOString()}); leave it out for a key that does not expire`);
  }
  return expiresAt;
}

/**
 * A REGULATOR may issue any key. Anyone else holding keys:manage issues keys only for itself:
 * its own role and USCC, and no scope it does not hold, so a key can never raise privileges.
 */
export function assertMayIssue(identity: Identity, issue: ValidIssue): void {
  if (identity.role === 'REGULATOR') return;
  if (issue.role !== identity.role) throw forbidden(`a ${identity.role} caller may issue only ${identity.role} keys, not ${issue.role}`);
  if (issue.uscc !== (identity.uscc ?? null)) throw forbidden(`a ${identity.role} caller may issue keys only for its own USCC`);
  const missing = issue.scopes.filter((scope) => !identity.scopes.includes(scope));
  if (missing.length > 0) throw forbidden(`a key cannot carry scopes its issuer does not hold: ${missing.join(' ')}`);
}

/** A REGULATOR manages every key; anyone else only the keys of its own USCC. */
export function mayManage(identity: Identity, key: { uscc: string | null }): boolean {
  return identity.role === 'REGULATOR' || (identity.uscc !== undefined && key.uscc === identity.uscc);
}
