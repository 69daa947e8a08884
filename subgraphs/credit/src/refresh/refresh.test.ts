import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createLogger } from '@sw/kernel';
import { assertData, creditEvent, daysAgo, RECORD, regulator, startTestCredit, validUscc, type TestCredit } from '../testing/credit-harness';
import { RefreshJob } from './refresh.job';

let credit: TestCredit;

before(async () => {
  credit = await startTestCredit();
});

after(async () => {
  await credit?.stop();
});

test('the refresh recomputes only the profiles that are due, and decay moves their scores', async () => {
  const decaying = validUscc(8001);
  const steady = validUscc(8002);
  await credit.file(decaying);
  await credit.file(steady);
  assertData(await credit.request(RECORD, { input: creditEvent(decaying, 'PENALTY', { occurredOn: daysAgo(365) }) }, regulator()));
  const [before] = await credit.sql`select score::text, version, refresh_due_at from credit.profiles where uscc = ${decaying}`;
  assert.equal(before.score, '75.00');
  assert.ok(before.refresh_due_at);
  const [steadyBefore] = await credit.sql`select version, refresh_due_at from credit.profiles where uscc = ${steady}`;
  assert.equal(steadyBefore.refresh_due_at, null);

  const job = new RefreshJob(credit.sql, createLogger('credit', 'silent'), 0);
  // Half a year on, the penalty is 1.5 half-lives old: weight 0.5^(547/365) = 0.3539 → −3.54.
  const later = new Date(Date.now() + 182 * 86_400_000);
  assert.equal(await job.runOnce(later), 1);
  const [after] = await credit.sql`select score::text, version, refresh_due_at > ${later} as pushed from credit.profiles where uscc = ${decaying}`;
  assert.equal(after.score, '76.46');
  assert.equal(after.version, before.version + 1);
  assert.equal(after.pushed, true);
  const [steadyAfter] = await credit.sql`select version from credit.profiles where uscc = ${steady}`;
  assert.equal(steadyAfter.version, steadyBefore.version);
  assert.equal(await job.runOnce(later), 0);
});
