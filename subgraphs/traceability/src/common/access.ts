import { forbidden, requireIdentity, requireScope, type Identity, type RequestContext } from '@sw/kernel';

export const TRACE_WRITE = 'trace:write';

// The gateway enforces these from the SDL before calling the subgraph; the services check again.
export const AUTHENTICATED = '@authenticated';
export const TRACE_WRITE_DIRECTIVE = '@requiresScopes(scopes: [["trace:write"]])';

/**
 * Who reads what in traceability (API.md, Security). Every rule is applied in the SQL that reads
 * the rows, never by filtering rows in JavaScript after the fact:
 *
 * - REGULATOR: everything.
 * - ENTERPRISE: its own product filings; the trace events it captured, that name it as a party,
 *   that name a code of one of its filed products (by GTIN), and the events of the containers that
 *   carried such a code while it was inside them; the quality risks and recalls that concern its
 *   products or that it reported.
 * - PARTNER: nothing here (FORBIDDEN). No data-access grant scope covers traceability yet.
 *
 * Writes need `trace:write`: an ENTERPRISE files products for its own USCC, captures events for
 * itself, reports risks on its own products and recalls them; a regulator does all of it for anyone.
 */
export interface Reader {
  /** Null for a regulator, who reads everything; else the enterprise whose rows are visible. */
  uscc: string | null;
}

/** The caller as a reader of traceability data, or FORBIDDEN for partners and callers without an enterprise. */
export function reader(context: RequestContext, what: string): Reader {
  const identity = requireIdentity(context);
  if (identity.role === 'REGULATOR') return { uscc: null };
  if (identity.role === 'ENTERPRISE' && identity.uscc) return { uscc: identity.uscc };
  throw forbidden(`${what} are visible to regulators and to the enterprises they concern; a ${identity.role} caller reads none`);
}

/** The caller holding trace:write who is a regulator or an enterprise (partners never write here). */
export function writer(context: RequestContext, what: string): Identity {
  const identity = requireScope(context, TRACE_WRITE);
  if (identity.role === 'REGULATOR' || (identity.role === 'ENTERPRISE' && identity.uscc)) return identity;
  throw forbidden(`${what}: only regulators and enterprises (with ${TRACE_WRITE}) write traceability data; a ${identity.role} caller may not`);
}
