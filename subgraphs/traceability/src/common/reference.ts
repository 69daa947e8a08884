// Format checks only. The full checks (an HS 2022 subheading that exists, an ISO 3166-1 country
// that exists) are the clearance subgraph's reference tables (subgraphs/clearance/src/reference),
// which no other subgraph may import; they are to move to the kernel, and these two functions
// then delegate to them.

/** Why `value` is not a 10-digit Chinese commodity code (HS code, DESIGN.md), or undefined. */
export function hsCodeFormatProblem(value: string): string | undefined {
  if (/^[0-9]{10}$/.test(value)) return undefined;
  return `must be 10 digits: the 8-digit tariff line plus 2 supplementary digits, e.g. 3304990099; got '${value}'`;
}

/** Why `value` is not shaped like an ISO 3166-1 alpha-2 country code, or undefined. */
export function countryFormatProblem(value: string): string | undefined {
  if (/^[A-Z]{2}$/.test(value)) return undefined;
  return `must be an ISO 3166-1 alpha-2 country code in capitals, e.g. JP, US, DE; got '${value}'`;
}
