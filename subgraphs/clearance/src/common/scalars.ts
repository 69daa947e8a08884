import { DateResolver } from 'graphql-scalars';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * Money and quantities as the partner contract fixes them: decimal strings, never floats. Money
 * leaves this subgraph with two places (the services format it); inputs stay as sent so that the
 * service can name the offending field (BAD_USER_INPUT) instead of a bare variable error.
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'A decimal amount as a string with two places, e.g. "5000000.00" (CNY unless a currency is given).',
  serialize(value) {
    if (typeof value === 'string' && DECIMAL.test(value)) return value;
    throw new GraphQLError(`Decimal cannot represent ${JSON.stringify(value)}`);
  },
  parseValue(value) {
    if (typeof value !== 'string') throw new GraphQLError('Decimal must be a string such as "1234.50", not a number');
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Decimal must be a string such as "1234.50", not a number');
    return ast.value;
  },
});

/** A calendar date `YYYY-MM-DD` (graphql-scalars' `Date`, as the agencies subgraph declares it). */
export const DateScalar = DateResolver;
