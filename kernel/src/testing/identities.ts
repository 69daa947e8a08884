import type { Identity } from '../context';

/** The callers the gateway signs for, as the subgraphs' tests impersonate them. */
export const regulator = (scopes: string[] = []): Identity => ({ subject: 'regulator-1', role: 'REGULATOR', scopes });
export const enterpriseCaller = (uscc: string, scopes: string[] = []): Identity =>
  ({ subject: `enterprise-${uscc}`, role: 'ENTERPRISE', uscc, scopes });
export const partnerCaller = (uscc: string, scopes: string[] = []): Identity =>
  ({ subject: `partner-${uscc}`, role: 'PARTNER', uscc, scopes });
