import { test } from 'node:test';
import assert from 'node:assert/strict';
import { customsCodeProblem } from './customs-code.js';

test('accepts 10 characters with a 4-digit customs area', () => {
  for (const code of ['1101910123', '3120960A37', '4403ABCDEF', '5301000000']) {
    assert.equal(customsCodeProblem(code), undefined, code);
  }
});

test('refuses wrong lengths', () => {
  assert.equal(customsCodeProblem('110191012'), 'must be 10 characters, got 9');
  assert.equal(customsCodeProblem('11019101234'), 'must be 10 characters, got 11');
  assert.equal(customsCodeProblem(''), 'must be 10 characters, got 0');
});

test('refuses a non-digit in the customs area', () => {
  assert.equal(
    customsCodeProblem('11A1910123'),
    "character 3 'A' is not allowed (characters 1-4 are the registering customs area and must be digits 0-9)",
  );
});

test('refuses lower case, saying upper case is required', () => {
  assert.equal(
    customsCodeProblem('3120960a37'),
    "character 8 'a' is lower case; upper case is required (allowed: 0-9 A-Z)",
  );
});

test('refuses other characters', () => {
  assert.equal(customsCodeProblem('3120-60A37'), "character 5 '-' is not allowed (allowed: 0-9 A-Z)");
  assert.equal(customsCodeProblem('312096 A37'), "character 7 ' ' is not allowed (allowed: 0-9 A-Z)");
  assert.equal(customsCodeProblem('312096０A37'), "character 7 '０' is not allowed (allowed: 0-9 A-Z)");
});
