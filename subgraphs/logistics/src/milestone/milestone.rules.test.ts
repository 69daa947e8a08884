import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParcelMilestoneKind } from '../common/enums';
import { orderProblem, type TimedMilestone } from './milestone.rules';

/** `'PICKED_UP@1 DEPARTED@2'`: kinds at minutes after a fixed instant. */
function timeline(spec: string): TimedMilestone[] {
  return spec.split(/\s+/).filter(Boolean).map((entry) => {
    const [kind, minute] = entry.split('@');
    return { kind: kind as ParcelMilestoneKind, occurredAt: new Date(Date.UTC(2026, 10, 20, 8, Number(minute))) };
  });
}

const rule = (spec: string) => orderProblem(timeline(spec))?.rule;

test('a parcel picked up, travelling several legs, out for delivery and delivered is in order', () => {
  assert.equal(rule('PICKED_UP@1 DEPARTED@2 ARRIVED@3 DEPARTED@4 ARRIVED@5 OUT_FOR_DELIVERY@6 DELIVERED@7'), undefined);
  assert.equal(rule('PICKED_UP@1 DELIVERED@2'), undefined, 'collected at a counter');
  assert.equal(rule('DELIVERED@7 PICKED_UP@1 ARRIVED@3'), undefined, 'reports may arrive in any order: the timeline is what counts');
});

test('nothing but an EXCEPTION comes before PICKED_UP, and PICKED_UP comes once', () => {
  assert.match(rule('DEPARTED@1 PICKED_UP@2')!, /report PICKED_UP first/);
  assert.match(rule('EXCEPTION@0 DEPARTED@1 PICKED_UP@2')!, /must come before the parcel moves/);
  assert.match(rule('DELIVERED@1')!, /after PICKED_UP/);
  assert.match(rule('ARRIVED@1')!, /report PICKED_UP first/);
  assert.match(rule('PICKED_UP@1 PICKED_UP@2')!, /picked up once/);
  assert.equal(rule('EXCEPTION@1 PICKED_UP@2 DEPARTED@3'), undefined);
});

test('after DELIVERED only an EXCEPTION, and DELIVERED comes once', () => {
  assert.match(rule('PICKED_UP@1 DELIVERED@2 ARRIVED@3')!, /only EXCEPTION may follow DELIVERED/);
  assert.match(rule('PICKED_UP@1 DELIVERED@2 EXCEPTION@3 DELIVERED@4')!, /only EXCEPTION may follow DELIVERED/);
  assert.equal(rule('PICKED_UP@1 DELIVERED@2 EXCEPTION@3'), undefined, 'a damage claim after delivery');
});

test('after OUT_FOR_DELIVERY the parcel travels again only after an EXCEPTION; a second attempt is fine', () => {
  assert.match(rule('PICKED_UP@1 OUT_FOR_DELIVERY@2 ARRIVED@3')!, /travels again only after an EXCEPTION/);
  assert.equal(rule('PICKED_UP@1 OUT_FOR_DELIVERY@2 EXCEPTION@3 ARRIVED@4 OUT_FOR_DELIVERY@5 DELIVERED@6'), undefined);
  assert.equal(rule('PICKED_UP@1 OUT_FOR_DELIVERY@2 OUT_FOR_DELIVERY@3 DELIVERED@4'), undefined);
});

test('the exception flow: after an EXCEPTION a parcel whose pickup was never scanned may move on and be delivered', () => {
  assert.equal(rule('EXCEPTION@1 ARRIVED@2 OUT_FOR_DELIVERY@3 DELIVERED@4'), undefined);
  assert.match(rule('EXCEPTION@1 ARRIVED@2 PICKED_UP@3')!, /must come before the parcel moves/);
});

test('milestones at the same instant are ordered EXCEPTION, PICKED_UP, DEPARTED, ARRIVED, OUT_FOR_DELIVERY, DELIVERED', () => {
  assert.equal(rule('DELIVERED@1 PICKED_UP@1'), undefined);
  assert.equal(rule('DEPARTED@1 EXCEPTION@1'), undefined, 'the EXCEPTION opens the flow for the departure at the same instant');
  const problem = orderProblem(timeline('PICKED_UP@1 DELIVERED@2 DEPARTED@3'));
  assert.equal(problem?.at.kind, 'DEPARTED', 'the problem names the milestone that may not stand where it is');
});
