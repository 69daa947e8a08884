import { test } from 'node:test';
import assert from 'node:assert/strict';
import { amountProblem, expectedActualPaid, lineTotal, priceProblem, roundAmount } from './money.js';
import { quantityProblem, weightProblem } from './quantity.js';
import { equalDecimals, sumDecimals } from './decimal.js';

test('amounts are decimal strings with at most 2 places, zero allowed unless positive is asked', () => {
  assert.equal(amountProblem('199.90'), undefined);
  assert.equal(amountProblem('0'), undefined);
  assert.equal(amountProblem('0', { positive: true }), 'must be greater than 0, got 0');
  assert.equal(amountProblem('19.999'), 'must have at most 2 decimal places, got 3 (19.999)');
  assert.equal(amountProblem('5000.01', { max: '5000' }), 'must be at most 5000, got 5000.01');
  assert.equal(amountProblem('-5'), 'must not be negative, got -5');
});

test('unit prices keep up to 5 decimals (N19,5) and a gift is priced 0', () => {
  assert.equal(priceProblem('0'), undefined);
  assert.equal(priceProblem('0.33333'), undefined);
  assert.equal(priceProblem('0.333333'), 'must have at most 5 decimal places, got 6 (0.333333)');
  assert.equal(priceProblem('123456789012345'), 'must have at most 14 digits before the decimal point, got 15');
});

test('quantities and weights are positive with up to 5 decimals (N19,5)', () => {
  assert.equal(quantityProblem('1'), undefined);
  assert.equal(quantityProblem('0.12345'), undefined);
  assert.equal(quantityProblem('0'), 'must be greater than 0, got 0');
  assert.equal(quantityProblem('1.123456'), 'must have at most 5 decimal places, got 6 (1.123456)');
  assert.equal(quantityProblem('2.5e1'), "must be written without an exponent, got '2.5e1'");
  assert.equal(weightProblem('0.35'), undefined);
  assert.equal(weightProblem('-0.35'), 'must not be negative, got -0.35');
});

test('line totals and the totals of an order add up exactly', () => {
  assert.equal(lineTotal('3', '33.33333'), '100.00');
  assert.equal(lineTotal('2', '0.005'), '0.01');
  assert.equal(roundAmount('10.005'), '10.01');
  const lines = [lineTotal('1', '0.1'), lineTotal('1', '0.2')];
  assert.ok(equalDecimals(sumDecimals(lines), '0.30'));
  // actualPaid = goodsValue + freight + taxTotal - discount (DESIGN.md, three-document match)
  assert.equal(expectedActualPaid('199.90', '10.00', '18.19', '5.00'), '223.09');
  assert.equal(expectedActualPaid('0.1', '0.2', '0', '0'), '0.30');
});
