import { forbidden } from '../errors';
import type { Identity } from '../context';

/**
 * Whether the caller may read an enterprise's non-public data: a regulator always, an
 * enterprise its own, a partner only under that enterprise's live grant (API.md).
 */
export function mayReadEnterprise(identity: Identity | undefined, uscc: string, partnerHasGrant = false): boolean {
  if (!identity) return false;
  if (identity.role === 'REGULATOR') return true;
  if (identity.role === 'ENTERPRISE') return identity.uscc === uscc;
  return identity.uscc !== undefined && partnerHasGrant;
}

/** FORBIDDEN unless mayReadEnterprise; the message names what is protected, not whose it is. */
export function assertMayReadEnterprise(identity: Identity | undefined, uscc: string, what: string, partnerHasGrant = false): void {
  if (!mayReadEnterprise(identity, uscc, partnerHasGrant)) {
    throw forbidden(`${what} of ${uscc} is visible to that enterprise, regulators and partners it granted access`);
  }
}

export type CustomsDocument = 'ORDER' | 'PAYMENT' | 'WAYBILL' | 'INVENTORY';

/** The customs codes a document names, by the role each enterprise plays in it. */
export interface DocumentParties {
  ebpCode?: string | null;
  ebcCode?: string | null;
  payCode?: string | null;
  logisticsCode?: string | null;
  agentCode?: string | null;
}

/**
 * Who may submit a customs document (API.md): the platform its orders, the payment firm its
 * payments, the logistics firm its waybills, the e-commerce enterprise or its customs broker
 * the inventory list; a regulator any. `callerCustomsCode` is the customs code filed for the
 * caller's USCC.
 */
export function assertMaySubmit(identity: Identity | undefined, callerCustomsCode: string | null | undefined, document: CustomsDocument, parties: DocumentParties): void {
  if (identity?.role === 'REGULATOR') return;
  const allowed: (string | null | undefined)[] = {
    ORDER: [parties.ebpCode],
    PAYMENT: [parties.payCode],
    WAYBILL: [parties.logisticsCode],
    INVENTORY: [parties.ebcCode, parties.agentCode],
  }[document];
  if (identity?.role === 'ENTERPRISE' && callerCustomsCode && allowed.includes(callerCustomsCode)) return;
  throw forbidden(`a ${document.toLowerCase()} may be submitted only by the enterprise named on it in that role, or a regulator`);
}
