import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  comparableSpan, countPeriods, isoWeeksIn, isPeriod, periodBounds, periodOf, sameLastYear, shanghaiDay, shiftPeriod, spansBetween,
} from './periods';

describe('calendar periods in Asia/Shanghai', () => {
  test('an instant falls on its Shanghai day: 16:00 UTC is already the next day', () => {
    assert.equal(shanghaiDay(new Date('2026-09-30T15:59:59Z')), '2026-09-30');
    assert.equal(shanghaiDay(new Date('2026-09-30T16:00:00Z')), '2026-10-01');
  });

  test('labels: day, ISO week, month, quarter, year', () => {
    assert.deepEqual(['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'].map((g) => periodOf('2026-11-25', g as never)),
      ['2026-11-25', '2026-W48', '2026-11', '2026-Q4', '2026']);
  });

  test('ISO weeks run Monday to Sunday and belong to the year of their Thursday', () => {
    assert.equal(periodOf('2026-11-22', 'WEEK'), '2026-W47'); // Sunday
    assert.equal(periodOf('2026-11-23', 'WEEK'), '2026-W48'); // Monday
    assert.equal(periodOf('2027-01-01', 'WEEK'), '2026-W53'); // 2026 starts on a Thursday: 53 weeks
    assert.equal(periodOf('2024-12-30', 'WEEK'), '2025-W01');
    assert.equal(isoWeeksIn(2026), 53);
    assert.equal(isoWeeksIn(2025), 52);
    assert.deepEqual(periodBounds('2026-W48', 'WEEK'), { start: '2026-11-23', end: '2026-11-29' });
    assert.deepEqual(periodBounds('2025-W01', 'WEEK'), { start: '2024-12-30', end: '2025-01-05' });
  });

  test('quarter and month bounds', () => {
    assert.equal(periodOf('2026-09-30', 'QUARTER'), '2026-Q3');
    assert.equal(periodOf('2026-10-01', 'QUARTER'), '2026-Q4');
    assert.deepEqual(periodBounds('2026-Q4', 'QUARTER'), { start: '2026-10-01', end: '2026-12-31' });
    assert.deepEqual(periodBounds('2028-02', 'MONTH'), { start: '2028-02-01', end: '2028-02-29' });
  });

  test('shifting and the same period a year earlier; null where it does not exist', () => {
    assert.equal(shiftPeriod('2026-01', 'MONTH', -1), '2025-12');
    assert.equal(shiftPeriod('2026-Q1', 'QUARTER', -1), '2025-Q4');
    assert.equal(shiftPeriod('2026-W01', 'WEEK', -1), '2025-W52');
    assert.equal(shiftPeriod('2027-W01', 'WEEK', -1), '2026-W53');
    assert.equal(sameLastYear('2026-11-25', 'DAY'), '2025-11-25');
    assert.equal(sameLastYear('2028-02-29', 'DAY'), null);
    assert.equal(sameLastYear('2026-W53', 'WEEK'), null);
    assert.equal(sameLastYear('2026-Q4', 'QUARTER'), '2025-Q4');
  });

  test('a range is cut into the periods it touches, each clipped to it', () => {
    assert.deepEqual(spansBetween('2026-11-10', '2026-12-05', 'MONTH'), [
      { period: '2026-11', from: '2026-11-10', to: '2026-11-30' },
      { period: '2026-12', from: '2026-12-01', to: '2026-12-05' },
    ]);
    assert.equal(countPeriods('2026-11-10', '2026-12-05', 'MONTH'), 2);
    assert.equal(countPeriods('2026-11-22', '2026-11-23', 'WEEK'), 2);
    assert.equal(countPeriods('2026-01-01', '2026-12-31', 'DAY'), 365);
    assert.equal(countPeriods('2026-09-30', '2026-10-01', 'QUARTER'), 2);
  });

  test('comparable days: a whole month against the whole previous one, a partial one against the same days', () => {
    assert.deepEqual(comparableSpan({ period: '2026-03', from: '2026-03-01', to: '2026-03-31' }, '2026-02', 'MONTH'), { from: '2026-02-01', to: '2026-02-28' });
    assert.deepEqual(comparableSpan({ period: '2026-11', from: '2026-11-01', to: '2026-11-25' }, '2026-10', 'MONTH'), { from: '2026-10-01', to: '2026-10-25' });
    assert.equal(comparableSpan({ period: '2026-03', from: '2026-03-30', to: '2026-03-31' }, '2026-02', 'MONTH'), null);
    assert.equal(comparableSpan({ period: '2026-03', from: '2026-03-01', to: '2026-03-31' }, null, 'MONTH'), null);
  });

  test('only well-formed periods are periods', () => {
    assert.equal(isPeriod('2026-11', 'MONTH'), true);
    assert.equal(isPeriod('2026-13', 'MONTH'), false);
    assert.equal(isPeriod('2026-W53', 'WEEK'), true);
    assert.equal(isPeriod('2025-W53', 'WEEK'), false);
  });
});
