import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskIdNumber, maskName, maskPhone } from './mask.js';

test('maskIdNumber keeps the first 6 and last 4 of an 18-character ID', () => {
  assert.equal(maskIdNumber('410105199003071234'), '410105********1234');
  assert.equal(maskIdNumber('11010519491231002X'), '110105********002X');
});

test('maskIdNumber keeps the first 2 and last 2 for other lengths over 4', () => {
  assert.equal(maskIdNumber('110105491231002'), '11***********02');
  assert.equal(maskIdNumber('G1234567'), 'G1****67');
  assert.equal(maskIdNumber('ABCDE'), 'AB*DE');
});

test('maskIdNumber masks everything when 4 characters or fewer', () => {
  assert.equal(maskIdNumber('1234'), '****');
  assert.equal(maskIdNumber('X'), '*');
  assert.equal(maskIdNumber(''), '');
});

test('maskIdNumber never reveals the middle characters', () => {
  const masked = maskIdNumber('000000987654321111');
  assert.equal(masked.length, 18);
  for (const digit of '98765432') assert.ok(!masked.includes(digit), masked);
  const other = maskIdNumber('00ABCDEF11');
  for (const letter of 'ABCDEF') assert.ok(!other.includes(letter), other);
});

test('maskName keeps the first code point and masks the rest', () => {
  assert.equal(maskName('张三丰'), '张**');
  assert.equal(maskName('张三'), '张*');
  assert.equal(maskName('张'), '张');
  assert.equal(maskName('𠮷野家'), '𠮷**');
  assert.equal(maskName(''), '');
});

test('maskName preserves spaces', () => {
  assert.equal(maskName('Li Wei'), 'L* ***');
  assert.equal(maskName('Mary Ann Lee'), 'M*** *** ***');
});

test('maskName never reveals characters after the first', () => {
  const masked = maskName('欧阳娜娜');
  assert.equal(masked, '欧***');
  for (const ch of '阳娜') assert.ok(!masked.includes(ch), masked);
  const latin = maskName('Li Wei');
  for (const ch of 'iWe') assert.ok(!latin.includes(ch), latin);
});

test('maskPhone keeps the first 3 and last 4 digits', () => {
  assert.equal(maskPhone('13812345678'), '138****5678');
  assert.equal(maskPhone('138-1234-5678'), '138****5678');
  assert.equal(maskPhone('+86 138 1234 5678'), '861******5678');
  assert.equal(maskPhone('12345678'), '123*5678');
});

test('maskPhone keeps only the last 2 digits when shorter than 8', () => {
  assert.equal(maskPhone('1234567'), '*****67');
  assert.equal(maskPhone('123'), '*23');
  assert.equal(maskPhone('12'), '**');
  assert.equal(maskPhone(''), '');
});

test('maskPhone never reveals the middle digits', () => {
  const masked = maskPhone('13899990000');
  assert.equal(masked, '138****0000');
  assert.ok(!masked.includes('9'), masked);
  const short = maskPhone('9876512');
  assert.ok(!/[98765]/.test(short), short);
});
