import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compose, diversity, levelsOf, type Measures } from './method';

const measures = (overrides: Partial<Measures> = {}): Measures => ({
  value: 0n, previousValue: 0n, lastYearValue: 0n, byCountry: [], byChapter: [], medianClearanceHours: null,
  grades: { A: 0, B: 0, C: 0, D: 0 }, risks: { LOW: 0, MEDIUM: 0, HIGH: 0 }, ...overrides,
});

describe('the composite index method', () => {
  test('diversity is 1 − HHI: 0 for one market, 0.75 for four even ones, null without value', () => {
    assert.equal(diversity([100n]), 0);
    assert.equal(diversity([1n, 1n, 1n, 1n]), 0.75);
    assert.equal(diversity([]), null);
  });

  test('growth is year-on-year when the same month last year had trade, else on the previous month, else none', () => {
    assert.equal(levelsOf(measures({ value: 300n, previousValue: 100n, lastYearValue: 200n })).GROWTH, 1.5);
    assert.equal(levelsOf(measures({ value: 300n, previousValue: 100n })).GROWTH, 3);
    assert.equal(levelsOf(measures({ value: 300n })).GROWTH, 1);
  });

  test('a component unknown in the month or in the base, or zero in the base, stands at 100', () => {
    const empty = levelsOf(measures());
    const busy = levelsOf(measures({ value: 10_000n, byCountry: [10_000n], medianClearanceHours: 3, grades: { A: 1, B: 0, C: 0, D: 0 }, risks: { LOW: 1, MEDIUM: 0, HIGH: 0 } }));
    const { value, components } = compose(busy, empty);
    assert.deepEqual(components.map((c) => c.value), [100, 100, 100, 100, 100, 100]);
    assert.equal(value, 100);
    assert.equal(compose(empty, busy).components[0].value, 0, 'no trade against a base with trade: SCALE 0');
  });

  test('the weights add up to 1, so the base period is exactly 100', () => {
    const busy = levelsOf(measures({ value: 12_345n, previousValue: 10_000n, byCountry: [1n, 2n], byChapter: [3n], medianClearanceHours: 5, grades: { A: 1, B: 2, C: 3, D: 4 }, risks: { LOW: 5, MEDIUM: 3, HIGH: 2 } }));
    const { value, components } = compose(busy, busy);
    assert.equal(value, 100);
    assert.equal(components.reduce((sum, c) => sum + c.weight, 0).toFixed(10), '1.0000000000');
  });
});
