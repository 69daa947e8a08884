import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addCny, apportionFen, formatFen, parseCnyToFen, Rational, subtractCny } from './money';

const r = (text: string) => Rational.parse(text) as Rational;

describe('exact money', () => {
  test('half-up to the fen: exactly half a fen goes up, anything below it goes down', () => {
    assert.equal(formatFen(r('1.005').toFen()), '1.01');
    assert.equal(formatFen(r('1.00499999').toFen()), '1.00');
    assert.equal(formatFen(r('0.455').toFen()), '0.46');
    // the float trap: 2.675.toFixed(2) is "2.67" because 2.675 is stored as 2.67499999…
    assert.equal((2.675).toFixed(2), '2.67');
    assert.equal(formatFen(r('2.675').toFen()), '2.68');
    // 1.365 = 15.00 × 0.13 × 0.7; in floats 15 * 0.091 is 1.3649999999999998
    assert.equal(formatFen(r('15').mul(r('0.13')).mul(r('0.7')).toFen()), '1.37');
  });

  test('a repeating fraction rounds on its exact value: 1050 / 0.85 × 0.15 × 0.7 = 129.70588… → 129.71', () => {
    const ct = r('1050').div(r('0.85')).mul(r('0.15')).mul(r('0.7'));
    assert.equal(formatFen(ct.toFen()), '129.71');
  });

  test('a negative half goes away from zero', () => {
    assert.equal(formatFen(r('-1.005').toFen()), '-1.01');
    assert.equal(formatFen(r('-1.004').toFen()), '-1.00');
  });

  test('parse accepts plain decimals only', () => {
    assert.equal(Rational.parse('1e3'), null);
    assert.equal(Rational.parse('.5'), null);
    assert.equal(Rational.parse('1,000.00'), null);
    assert.equal(r('0.50').cmp(r('0.5')), 0);
  });

  test('CNY strings have at most 2 decimals and are never negative', () => {
    assert.equal(parseCnyToFen('26000'), 2_600_000n);
    assert.equal(parseCnyToFen('0.5'), 50n);
    assert.equal(parseCnyToFen('0.505'), null);
    assert.equal(parseCnyToFen('-1'), null);
  });

  test('addCny and subtractCny are exact, and a release never goes below zero', () => {
    assert.equal(addCny('0.10', '0.20'), '0.30');
    assert.equal(addCny('24950.00', '1050'), '26000.00');
    assert.equal(subtractCny('1050.00', '1050.00'), '0.00');
    assert.equal(subtractCny('100.00', '250.00'), '0.00');
    assert.throws(() => addCny('1.234'), /at most 2 decimals/);
  });

  test('toDecimalString shows a rate without trailing zeros', () => {
    assert.equal(r('0.1500').toDecimalString(), '0.15');
    assert.equal(r('4.65').div(r('100')).toDecimalString(), '0.0465');
    assert.equal(Rational.ONE.toDecimalString(), '1');
  });
});

describe('apportionFen', () => {
  test('parts follow the weights and add up to the total exactly (largest remainder)', () => {
    // 100 fen by 1 : 1 : 1 → 33.33… each; the spare fen goes to the first (ties go earlier)
    assert.deepEqual(apportionFen(100n, [r('1'), r('1'), r('1')]), [34n, 33n, 33n]);
    // 1000 fen by 2 : 1 → 666.67 and 333.33 → 667 and 333
    assert.deepEqual(apportionFen(1000n, [r('2'), r('1')]), [667n, 333n]);
    // 10 fen by 0.14 : 0.43 : 0.43 → 1.4, 4.3, 4.3; floors 1, 4, 4 leave one fen, which goes to the
    // largest remainder (.4 of the first part), not to the heaviest part
    assert.deepEqual(apportionFen(10n, [r('0.14'), r('0.43'), r('0.43')]), [2n, 4n, 4n]);
  });

  test('all-zero weights split evenly', () => {
    assert.deepEqual(apportionFen(5n, [Rational.ZERO, Rational.ZERO]), [3n, 2n]);
  });

  test('a zero weight gets nothing while others exist', () => {
    assert.deepEqual(apportionFen(101n, [r('0'), r('3'), r('1')]), [0n, 76n, 25n]);
  });
});
