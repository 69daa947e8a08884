import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCodeList } from './data-file.js';
import {
  hs2022SubheadingsOf,
  hsChapterOf,
  hsCodeProblem,
  hsHeadingOf,
  hsSubheadingOf,
  isHs2022Heading,
  isHs2022Subheading,
} from './hs-code.js';

test('accepts 10-digit codes whose first 6 digits are an HS 2022 subheading', () => {
  for (const gcode of ['3304990099', '0101210010', '8517620000', '9701210000', '6109100021']) {
    assert.equal(hsCodeProblem(gcode), undefined, gcode);
  }
});

test('accepts a national line missing from our tables when its subheading exists (tax falls back to the heading)', () => {
  // 330499 exists; 3304.99.98.77 is not a real national line, and we do not ship national lines.
  assert.equal(hsCodeProblem('3304999877'), undefined);
});

test('refuses a subheading that HS 2022 split: 970110 became 970121, 970122 and 970129', () => {
  assert.equal(
    hsCodeProblem('9701100000'),
    'first 6 digits 970110 are not an HS 2022 subheading (HS 2022 subheadings of heading 9701: 970121, 970122, 970129, 970191, 970192, 970199)',
  );
});

test('refuses a subheading under a heading that does not exist', () => {
  assert.equal(
    hsCodeProblem('0000000000'),
    'first 6 digits 000000 are not an HS 2022 subheading: heading 0000 does not exist in HS 2022',
  );
});

test('lists at most 10 sibling subheadings', () => {
  const siblings = hs2022SubheadingsOf('8517');
  assert.ok(siblings.length > 0);
  const problem = hsCodeProblem('8517990000');
  assert.match(problem ?? '', /^first 6 digits 851799 are not an HS 2022 subheading \(HS 2022 subheadings of heading 8517: /);
  assert.ok((problem ?? '').split(', ').length <= 11, problem);
});

test('refuses the wrong length with the accepted form', () => {
  assert.equal(hsCodeProblem('12345'), 'must be 10 digits (the 8-digit tariff line plus 2 supplementary digits), got 5');
  assert.equal(hsCodeProblem('33049900'), 'must be 10 digits (the 8-digit tariff line plus 2 supplementary digits), got 8');
  assert.equal(hsCodeProblem(''), 'must be 10 digits (the 8-digit tariff line plus 2 supplementary digits), got 0');
});

test('refuses separators and letters, naming the character', () => {
  assert.equal(
    hsCodeProblem('3304.99.00.99'),
    'must be written without separators: 3304990099 (10 digits: the 8-digit tariff line plus 2 supplementary digits, e.g. 3304990099)',
  );
  assert.equal(
    hsCodeProblem('33049900AB'),
    "character 9 'A' is not allowed (10 digits: the 8-digit tariff line plus 2 supplementary digits, e.g. 3304990099)",
  );
});

test('chapter, heading and subheading of a commodity code', () => {
  assert.equal(hsChapterOf('3304990099'), '33');
  assert.equal(hsHeadingOf('3304990099'), '3304');
  assert.equal(hsSubheadingOf('3304990099'), '330499');
  assert.throws(() => hsHeadingOf('33A4'), /hsHeadingOf needs a code starting with 4 digits, got '33A4'/);
});

test('the shipped HS 2022 lists agree: every subheading belongs to a listed heading and every heading has a subheading', () => {
  assert.ok(isHs2022Heading('9701'));
  assert.ok(!isHs2022Heading('7700'), 'chapter 77 is reserved');
  assert.ok(isHs2022Subheading('970121'));
  assert.ok(!isHs2022Subheading('970110'));
  assert.deepEqual(hs2022SubheadingsOf('9701'), ['970121', '970122', '970129', '970191', '970192', '970199']);
  assert.deepEqual(hs2022SubheadingsOf('0000'), []);
  const headings = readCodeList('hs2022-headings.txt', /^\d{4}$/);
  const subheadings = readCodeList('hs2022-subheadings.txt', /^\d{6}$/);
  assert.equal(new Set(headings).size, headings.length, 'no duplicate headings');
  assert.equal(new Set(subheadings).size, subheadings.length, 'no duplicate subheadings');
  assert.deepEqual(subheadings.filter((s) => !isHs2022Heading(s.slice(0, 4))), [], 'subheadings without a heading');
  assert.deepEqual(headings.filter((h) => hs2022SubheadingsOf(h).length === 0), [], 'headings without a subheading');
});
