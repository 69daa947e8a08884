import type { GraphQLRequestContext } from '@apollo/server';

/** A trivial operation that parses in microseconds and is cached by Apollo after its first use. */
const PLACEHOLDER = '{ __typename }';

/**
 * Apollo lets a plugin refuse cleanly (with its own code and HTTP status) only from
 * `didResolveOperation`, i.e. after the operation was parsed and validated. A check that
 * already knows in `requestDidStart` that it will refuse (rate limit, token limit, untrusted
 * document) swaps the operation for a placeholder, so the caller's text is never parsed or
 * validated, and throws its error from `didResolveOperation`.
 */
export function neutralise(requestContext: GraphQLRequestContext<any>): void {
  const request = requestContext.request;
  request.query = PLACEHOLDER;
  request.operationName = undefined;
  request.variables = undefined;
  request.extensions = undefined;
}
