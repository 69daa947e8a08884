import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateResolver } from 'graphql-scalars';
import { isIsoDate } from '../method/dates';

const INVALID = (value: unknown) => new GraphQLError(`Date must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(value)}`);

/**
 * `Date` (API.md: YYYY-MM-DD) with graphql-scalars' name and description, so that it composes with
 * the other subgraphs' `Date`; inputs stay strings, since the method works on calendar dates.
 */
export const DateScalar = new GraphQLScalarType<string, string>({
  ...DateResolver.toConfig(),
  serialize(value) {
    if (typeof value === 'string' && isIsoDate(value.slice(0, 10))) return value.slice(0, 10);
    throw INVALID(value);
  },
  parseValue(value) {
    if (typeof value !== 'string' || !isIsoDate(value)) throw INVALID(value);
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || !isIsoDate(ast.value)) throw INVALID(ast.kind === Kind.STRING ? ast.value : ast.kind);
    return ast.value;
  },
});
