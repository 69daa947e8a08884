import assert from 'node:assert/strict';
import { IDENTITY_HEADER, type Identity } from '../context';
import { DEV_IDENTITY_SIGNING_KEYS, IdentitySigner } from '../identity';

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

export interface GraphQLResponse {
  // Test assertions walk the data freely; its shape is whatever the operation selected.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data?: Record<string, any> | null;
  errors?: GraphQLErrorBody[];
}

/** Signs like the gateway does with the development keys the subgraphs trust by default. */
const gatewaySigner = new IdentitySigner(DEV_IDENTITY_SIGNING_KEYS);

/**
 * POSTs one operation to a subgraph, as the gateway would: the identity travels signed in
 * `x-sw-identity`. The request is abandoned after `timeoutMs`.
 */
export async function post(
  url: string, query: string, variables: Record<string, unknown> = {}, identity?: Identity, timeoutMs = 15_000,
): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: gatewaySigner.sign(identity ?? null) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return (await response.json()) as GraphQLResponse;
}

/** Asserts the call failed with exactly one error of `code` (and, when given, `extensions.field` equal to `field`). */
export function assertError(response: GraphQLResponse, code: string, field?: string): GraphQLErrorBody {
  assert.ok(response.errors?.length, `expected ${code}, got ${JSON.stringify(response)}`);
  assert.equal(response.errors.length, 1, JSON.stringify(response.errors));
  const [error] = response.errors;
  assert.equal(error.extensions?.code, code, JSON.stringify(error));
  if (field !== undefined) assert.equal(error.extensions?.field, field, JSON.stringify(error));
  return error;
}

/** Asserts the call succeeded and returns its data. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function assertData(response: GraphQLResponse): Record<string, any> {
  assert.equal(response.errors, undefined, JSON.stringify(response.errors));
  assert.ok(response.data, 'no data in the response');
  return response.data;
}
