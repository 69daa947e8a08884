import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareDecimals,
  decimalProblem,
  equalDecimals,
  formatDecimal,
  multiplyDecimals,
  parseDecimal,
  roundDecimal,
  subtractDecimals,
  sumDecimals,
} from './decimal.js';

test('adds exactly: 0.1 + 0.2 = 0.3', () => {
  assert.equal(0.1 + 0.2 === 0.3, false, 'floats would not');
  assert.equal(sumDecimals(['0.1', '0.2']), '0.3');
  assert.ok(equalDecimals(sumDecimals(['0.1', '0.2']), '0.3'));
  assert.equal(sumDecimals(['1.10', '2']), '3.10');
  assert.equal(sumDecimals([]), '0');
  assert.equal(sumDecimals(['99999999999999.99999', '0.00001']), '100000000000000.00000');
  const tenths = Array.from({ length: 10 }, () => '0.1');
  assert.equal(sumDecimals(tenths), '1.0');
});

test('subtracts and compares by value, not by text', () => {
  assert.equal(subtractDecimals('100.00', '0.01'), '99.99');
  assert.equal(subtractDecimals('1', '1.50'), '-0.50');
  assert.ok(equalDecimals('0.30', '0.3'));
  assert.ok(equalDecimals('007.50', '7.5'));
  assert.ok(equalDecimals('-0.00', '0'));
  assert.ok(!equalDecimals('0.31', '0.3'));
  assert.equal(compareDecimals('10', '9.99999'), 1);
  assert.equal(compareDecimals('-1', '0'), -1);
  assert.equal(compareDecimals('2.50', '2.5'), 0);
});

test('multiplies exactly and rounds half up', () => {
  assert.equal(multiplyDecimals('3', '19.99', 2), '59.97');
  assert.equal(multiplyDecimals('0.1', '0.2', 2), '0.02');
  assert.equal(multiplyDecimals('1.5', '0.01', 2), '0.02', '0.015 rounds up');
  assert.equal(multiplyDecimals('1.4', '0.01', 2), '0.01', '0.014 rounds down');
  assert.equal(multiplyDecimals('-1.5', '0.01', 2), '-0.02', 'halves go away from zero');
  assert.equal(multiplyDecimals('2.5', '1', 0), '3');
  assert.equal(multiplyDecimals('3', '0.33333', 5), '0.99999');
  assert.equal(multiplyDecimals('1.23456', '100', 2), '123.46');
  assert.throws(() => multiplyDecimals('1', '1', -1), /scale must be a whole number of decimals \(0 or more\), got -1/);
});

test('rounds half up to an exact scale', () => {
  assert.equal(roundDecimal('2.345', 2), '2.35');
  assert.equal(roundDecimal('2.344', 2), '2.34');
  assert.equal(roundDecimal('2.3449999', 2), '2.34', 'no double rounding');
  assert.equal(roundDecimal('2', 2), '2.00');
  assert.equal(roundDecimal('0.005', 2), '0.01');
  assert.equal(roundDecimal('-0.005', 2), '-0.01');
  assert.equal(roundDecimal('-0.004', 2), '0.00', 'no negative zero');
  assert.equal(roundDecimal('1.005', 2), '1.01', 'a float would give 1.00');
});

test('parses and formats without floats', () => {
  assert.deepEqual(parseDecimal('12.50'), { units: 1250n, scale: 2 });
  assert.deepEqual(parseDecimal('-0.5'), { units: -5n, scale: 1 });
  assert.equal(formatDecimal({ units: 5n, scale: 3 }), '0.005');
  assert.equal(formatDecimal({ units: -1250n, scale: 2 }), '-12.50');
  assert.equal(formatDecimal({ units: 42n, scale: 0 }), '42');
  assert.equal(parseDecimal('123456789012345678901234567890.123456789').units, 123456789012345678901234567890123456789n);
  assert.throws(() => parseDecimal('1e3'), /must be written without an exponent, got '1e3'/);
});

test('decimalProblem accepts good values', () => {
  const rules = { maxScale: 2 };
  for (const v of ['0', '0.00', '12', '12.5', '12.50', '12.500', '1000000']) assert.equal(decimalProblem(v, rules), undefined, v);
  assert.equal(decimalProblem('-3.5', { maxScale: 2, allowNegative: true }), undefined);
  assert.equal(decimalProblem('5000', { maxScale: 2, max: '5000' }), undefined);
});

test('decimalProblem names the rule and the accepted form', () => {
  const rules = { maxScale: 2 };
  assert.equal(decimalProblem('12.345', rules), 'must have at most 2 decimal places, got 3 (12.345)');
  assert.equal(decimalProblem('1.5', { maxScale: 0 }), 'must be a whole number, got 1.5');
  assert.equal(decimalProblem('-1.00', rules), 'must not be negative, got -1.00');
  assert.equal(decimalProblem('0', { maxScale: 2, positive: true }), 'must be greater than 0, got 0');
  assert.equal(decimalProblem('0.00', { maxScale: 2, positive: true }), 'must be greater than 0, got 0.00');
  assert.equal(decimalProblem('5000.01', { maxScale: 2, max: '5000' }), 'must be at most 5000, got 5000.01');
  assert.equal(decimalProblem('0.5', { maxScale: 2, min: '1' }), 'must be at least 1, got 0.5');
  assert.equal(
    decimalProblem('123456789012345', { maxScale: 5, maxIntegerDigits: 14 }),
    'must have at most 14 digits before the decimal point, got 15',
  );
  assert.equal(decimalProblem('00000000000000012.5', { maxScale: 5, maxIntegerDigits: 14 }), undefined, 'leading zeros do not count');
});

test('decimalProblem refuses what is not a decimal string', () => {
  const rules = { maxScale: 2 };
  assert.equal(decimalProblem('', rules), "must be a decimal number written with digits and an optional '.', e.g. 12.50, got an empty string");
  assert.equal(decimalProblem('abc', rules), "must be a decimal number written with digits and an optional '.', e.g. 12.50, got 'abc'");
  assert.equal(decimalProblem(' 12.50', rules), "must not contain spaces, got ' 12.50'");
  assert.equal(decimalProblem('+1', rules), "must be written without a '+' sign, got '+1'");
  assert.equal(decimalProblem('1e3', rules), "must be written without an exponent, got '1e3'");
  assert.equal(decimalProblem('1,000.50', rules), "must be written without thousands separators, e.g. 1000.50, got '1,000.50'");
  assert.equal(decimalProblem('12,5', rules), "must use '.' as the decimal point, e.g. 12.5, got '12,5'");
  assert.equal(decimalProblem('.5', rules), "must have digits on both sides of the decimal point, e.g. 0.5 or 5.0, got '.5'");
  assert.equal(decimalProblem('5.', rules), "must have digits on both sides of the decimal point, e.g. 0.5 or 5.0, got '5.'");
  assert.equal(decimalProblem('NaN', rules), "must be a decimal number written with digits and an optional '.', e.g. 12.50, got 'NaN'");
  assert.equal(decimalProblem('Infinity', rules), "must be a decimal number written with digits and an optional '.', e.g. 12.50, got 'Infinity'");
});
