import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usccCheckCharacter, usccProblem } from './uscc.js';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('accepts published unified social credit codes', () => {
  for (const code of [
    '91350100M000100Y43',
    '91110000802100433B',
    '91310000717854505W',
    '914403001922038216',
    '91110108551385082Q',
    '91440300708461136T',
  ]) {
    assert.equal(usccProblem(code), undefined, code);
  }
});

test('computes the check character from the first 17 characters', () => {
  assert.equal(usccCheckCharacter('91350100M000100Y4'), '3');
  assert.equal(usccCheckCharacter('91110000802100433'), 'B');
  assert.equal(usccCheckCharacter('91440300708461136'), 'T');
});

test('refuses 911100001000028490, whose check character should be M', () => {
  assert.equal(usccProblem('911100001000028490'), 'check character should be M, got 0 (GB 32100-2015 mod-31 check)');
});

test('refuses wrong lengths', () => {
  assert.equal(usccProblem('91350100M000100Y4'), 'must be 18 characters, got 17');
  assert.equal(usccProblem('91350100M000100Y433'), 'must be 18 characters, got 19');
  assert.equal(usccProblem(''), 'must be 18 characters, got 0');
});

test('refuses characters outside the charset, naming the allowed ranges', () => {
  for (const [index, bad] of [
    [4, 'I'],
    [8, 'O'],
    [10, 'S'],
    [12, 'V'],
    [15, 'Z'],
    [2, '-'],
  ] as const) {
    const code = [...'91350100M000100Y43'];
    code[index] = bad;
    assert.equal(
      usccProblem(code.join('')),
      `character ${index + 1} '${bad}' is not allowed (allowed: 0-9 A-H J-N P-R T U W-Y)`,
    );
  }
});

test('refuses lower case, saying upper case is required', () => {
  const problem = usccProblem('91350100m000100y43');
  assert.ok(problem);
  assert.match(problem, /^character 9 'm' is lower case; upper case is required/);
});

test('refuses a wrong check character and names the expected one', () => {
  assert.equal(usccProblem('91350100M000100Y4H'), 'check character should be 3, got H (GB 32100-2015 mod-31 check)');
});

test('usccCheckCharacter rejects malformed prefixes', () => {
  assert.throws(() => usccCheckCharacter('9135'), RangeError);
  assert.throws(() => usccCheckCharacter('91350100I000100Y4'), RangeError);
});

test('property: a random prefix plus its check character is valid and every other check character is refused', () => {
  const random = seededRandom(32100);
  for (let n = 0; n < 200; n++) {
    let prefix = '';
    for (let i = 0; i < 17; i++) prefix += CHARSET[Math.floor(random() * CHARSET.length)];
    const check = usccCheckCharacter(prefix);
    assert.ok(CHARSET.includes(check));
    assert.equal(usccProblem(prefix + check), undefined, prefix + check);
    for (const other of CHARSET) {
      if (other === check) continue;
      assert.equal(
        usccProblem(prefix + other),
        `check character should be ${check}, got ${other} (GB 32100-2015 mod-31 check)`,
      );
    }
  }
});
