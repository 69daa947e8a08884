import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { customsMonthOf, decideQuota, quotaYearOf, remainingFen } from './quota';

describe('quota limits (财关税〔2018〕49号)', () => {
  test('exactly 5,000.00 is within the transaction limit; 5,000.01 of several items is refused', () => {
    assert.deepEqual(decideQuota(500_000n, 0n, false), { kind: 'ACCEPTED', regime: 'CBEC_WITHIN_LIMITS' });
    assert.deepEqual(decideQuota(500_001n, 0n, false), { kind: 'REFUSED', reason: 'TRANSACTION_LIMIT', limitFen: 500_000n });
  });

  test('one indivisible item above 5,000 clears with full tax', () => {
    assert.deepEqual(decideQuota(500_001n, 0n, true), { kind: 'ACCEPTED', regime: 'CBEC_SINGLE_ITEM_FULL_TAX' });
  });

  test('reaching exactly 26,000.00 in the year is allowed; one fen more is refused', () => {
    assert.deepEqual(decideQuota(500_000n, 2_100_000n, false), { kind: 'ACCEPTED', regime: 'CBEC_WITHIN_LIMITS' });
    assert.deepEqual(decideQuota(500_000n, 2_100_001n, false), { kind: 'REFUSED', reason: 'ANNUAL_QUOTA', limitFen: 2_600_000n });
  });

  test('a single item above 5,000 that would pass 26,000 in the year is refused on the annual quota', () => {
    assert.deepEqual(decideQuota(800_000n, 2_000_000n, true), { kind: 'REFUSED', reason: 'ANNUAL_QUOTA', limitFen: 2_600_000n });
  });

  test('a multi-item order over both limits is reported on the transaction limit first', () => {
    assert.equal((decideQuota(600_000n, 2_500_000n, false) as { reason: string }).reason, 'TRANSACTION_LIMIT');
  });

  test('remaining quota is never negative', () => {
    assert.equal(remainingFen(2_700_000n), 0n);
    assert.equal(remainingFen(100n), 2_599_900n);
  });
});

describe('calendar in Asia/Shanghai', () => {
  test('the quota year turns at midnight Beijing time (16:00 UTC on 31 December)', () => {
    assert.equal(quotaYearOf(new Date('2026-12-31T15:59:59.999Z')), 2026);
    assert.equal(quotaYearOf(new Date('2026-12-31T16:00:00.000Z')), 2027);
    assert.equal(quotaYearOf(new Date('2027-01-01T00:00:00+08:00')), 2027);
  });

  test('the customs month is the Beijing month', () => {
    assert.equal(customsMonthOf(new Date('2026-11-30T16:30:00Z')), '2026-12');
    assert.equal(customsMonthOf(new Date('2026-11-30T15:30:00Z')), '2026-11');
  });

  test('an invalid date is refused', () => {
    assert.throws(() => quotaYearOf(new Date('not a date')), RangeError);
  });
});
