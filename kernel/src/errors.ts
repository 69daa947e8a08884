import { GraphQLError } from 'graphql';

/** Codes a partner can branch on; the set is fixed by the partner contract. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'QUOTA_EXCEEDED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_COMPLEX'
  | 'INTERNAL_SERVER_ERROR';

/** An error with a partner-facing code and optional extra extensions. */
export function appError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** An invalid input: `field` is the input path, e.g. `input.uscc`. */
export function badInput(field: string, message: string): GraphQLError {
  return appError('BAD_USER_INPUT', `${field}: ${message}`, { field });
}

export const notFound = (what: string) => appError('NOT_FOUND', `${what} was not found`);
export const conflict = (message: string) => appError('CONFLICT', message);
export const forbidden = (message: string) => appError('FORBIDDEN', message);
export const unauthenticated = (message = 'a valid API key or JWT is required: send Authorization: Bearer <key>') =>
  appError('UNAUTHENTICATED', message);
