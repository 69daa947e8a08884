/**
 * The projection of consent grants every subgraph that enforces grants keeps in its own schema;
 * kernel/src/access/grants.ts (GrantProjection) fills it from `access.grant.given` and
 * `access.grant.revoked`, and PartnerGrants reads it. Expiry needs no event: a grant is live
 * while `revoked_at` is null and `until` is ahead.
 */
export function grantTablesSql(schema: string): string[] {
  return [
    `create table "${schema}".partner_grants (
       grant_id uuid primary key,
       uscc text not null check (char_length(uscc) = 18),
       partner_uscc text not null check (char_length(partner_uscc) = 18),
       scopes text[] not null,
       until timestamptz not null,
       revoked_at timestamptz,
       last_event_seq bigint not null)`,
    `create index partner_grants_live on "${schema}".partner_grants (partner_uscc, uscc) where revoked_at is null`,
  ];
}

/** Drops what grantTablesSql created. */
export function dropGrantTablesSql(schema: string): string[] {
  return [`drop table "${schema}".partner_grants`];
}
