import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateResolver } from 'graphql-scalars';
import { fenToMoney, isMoney, toFen } from './money';
import { isIsoDate } from './periods';

/**
 * Money as the partner contract fixes it: a decimal string with two places, never a float. Same
 * name and description as the agencies subgraph's `Decimal`, so that composition merges them.
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'A decimal amount as a string with two places, e.g. "5000000.00" (CNY unless a currency is given).',
  serialize(value) {
    if (!isMoney(value, true)) throw new GraphQLError(`Decimal cannot represent ${JSON.stringify(value)}`);
    return fenToMoney(toFen(value));
  },
  // Inputs stay as sent; the service validates them and names the field (BAD_USER_INPUT).
  parseValue(value) {
    if (typeof value !== 'string') throw new GraphQLError('Decimal must be a string such as "1234.50", not a number');
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Decimal must be a string such as "1234.50", not a number');
    return ast.value;
  },
});

const INVALID = (value: unknown) => new GraphQLError(`Date must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(value)}`);

/**
 * `Date` (API.md: YYYY-MM-DD) with graphql-scalars' name and description, as the other subgraphs
 * declare it; values stay strings, since statistics works on calendar days in Asia/Shanghai.
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
