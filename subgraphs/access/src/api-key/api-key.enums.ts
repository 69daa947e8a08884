import { registerEnumType } from 'type-graphql';

/** The roles a caller can have (DESIGN.md, Security); the kernel's Identity uses the same names. */
export enum Role { REGULATOR = 'REGULATOR', ENTERPRISE = 'ENTERPRISE', PARTNER = 'PARTNER' }
registerEnumType(Role, { name: 'Role', description: 'REGULATOR sees all; ENTERPRISE its own USCC\'s data; PARTNER under grants.' });

/** The scopes an API key may carry (API.md, Serving and access); a REGULATOR holds all of them anyway. */
export const GRANTABLE_SCOPES = [
  'pii:read', 'idcheck:use', 'keys:manage', 'audit:read', 'declarations:write', 'credit:write', 'trace:write',
] as const;
