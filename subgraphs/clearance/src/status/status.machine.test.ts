import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClearanceStatus as S } from '../common/enums';
import { isLegalTransition, isReceiptCode, receiptEffect, TERMINAL } from './status.machine';

test('the receipt-code table maps exactly as DESIGN.md says', () => {
  const to = (code: string) => {
    const effect = receiptEffect(code, null);
    return effect.kind === 'status' ? effect.to : effect.kind;
  };
  assert.deepEqual(
    ['1', '2', '3', '4', '100', '120', '300', '399', '500', '599', '700', '800', '899', '-1', '-301'].map((code) => [code, to(code)]),
    [
      ['1', 'none'], ['2', S.SUBMITTED], ['3', S.SUBMITTED], ['4', 'resend'], ['100', S.REJECTED], ['120', S.UNDER_REVIEW],
      ['300', S.UNDER_REVIEW], ['399', S.UNDER_REVIEW], ['500', S.INSPECTION], ['599', S.DETAINED], ['700', S.RETURNED],
      ['800', S.RELEASED], ['899', S.CLEARED], ['-1', S.REJECTED], ['-301', S.REJECTED],
    ],
  );
});

test('a negative code rejects with the receipt\'s own message as the reason', () => {
  assert.deepEqual(receiptEffect('-301', '  报文格式错误 '), { kind: 'status', to: S.REJECTED, reason: '报文格式错误' });
  assert.deepEqual(receiptEffect('-2', null), { kind: 'status', to: S.REJECTED, reason: 'processing-error receipt -2' });
});

test('only codes of the table and negative codes are receipt codes', () => {
  for (const code of ['1', '120', '899', '-5']) assert.ok(isReceiptCode(code), code);
  for (const code of ['0', '5', '42', '+2', '-0', 'x', '', '1200']) assert.ok(!isReceiptCode(code), code);
});

test('the main path and its branches are legal; skipping, going back and leaving a terminal status are not', () => {
  const legal: [S, S][] = [
    [S.DECLARED, S.MATCHED], [S.DECLARED, S.MISMATCHED], [S.MISMATCHED, S.MATCHED], [S.MATCHED, S.MISMATCHED], [S.MATCHED, S.SUBMITTED],
    [S.SUBMITTED, S.UNDER_REVIEW], [S.UNDER_REVIEW, S.INSPECTION], [S.INSPECTION, S.RELEASED], [S.UNDER_REVIEW, S.RELEASED],
    [S.RELEASED, S.CLEARED], [S.UNDER_REVIEW, S.DETAINED], [S.DETAINED, S.UNDER_REVIEW], [S.UNDER_REVIEW, S.REJECTED], [S.INSPECTION, S.RETURNED],
  ];
  for (const [from, to] of legal) assert.ok(isLegalTransition(from, to), `${from} → ${to}`);
  const illegal: [S, S][] = [
    [S.DECLARED, S.SUBMITTED], [S.MISMATCHED, S.SUBMITTED], [S.MATCHED, S.RELEASED], [S.SUBMITTED, S.MATCHED], [S.UNDER_REVIEW, S.SUBMITTED],
    [S.RELEASED, S.UNDER_REVIEW], [S.SUBMITTED, S.CLEARED], [S.UNDER_REVIEW, S.CLEARED],
  ];
  for (const [from, to] of illegal) assert.ok(!isLegalTransition(from, to), `${from} → ${to}`);
  for (const from of TERMINAL) for (const to of Object.values(S)) assert.ok(!isLegalTransition(from, to), `${from} → ${to}`);
});
