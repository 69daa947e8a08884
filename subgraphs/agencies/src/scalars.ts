import { DateResolver } from 'graphql-scalars';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { toMoney } from './resilience/wire';

/**
 * Money as the partner contract fixes it: a decimal string with two places, never a float.
 * Another subgraph declaring `Decimal` the same way composes with this one.
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'A decimal amount as a string with two places, e.g. "5000000.00" (CNY unless a currency is given).',
  serialize(value) {
    const money = typeof value === 'string' ? toMoney(value) : undefined;
    if (money === undefined) throw new GraphQLError(`Decimal cannot represent ${JSON.stringify(value)}`);
    return money;
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

/** A calendar date `YYYY-MM-DD` (graphql-scalars' `Date`). */
export const DateScalar = DateResolver;
