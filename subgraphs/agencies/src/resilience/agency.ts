/** The external agencies this subgraph adapts; the name travels in `extensions.agency` of an UPSTREAM_UNAVAILABLE error. */
export const AGENCIES = ['SAIC', 'TAX', 'PUBLIC_SECURITY', 'CUSTOMS'] as const;
export type Agency = (typeof AGENCIES)[number];

/** How the agency is named in messages for integrators. */
export const AGENCY_TITLE: Record<Agency, string> = {
  SAIC: 'the market regulator (SAIC credit publicity)',
  TAX: 'the tax bureau',
  PUBLIC_SECURITY: 'the public security ID verification service',
  CUSTOMS: 'customs',
};
