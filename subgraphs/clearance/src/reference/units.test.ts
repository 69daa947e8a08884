import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knownUnits, unitName, unitProblem } from './units.js';

test('accepts known customs unit codes', () => {
  for (const code of ['007', '011', '035', '001', '006', '140', '142', '015']) assert.equal(unitProblem(code), undefined, code);
  assert.equal(unitName('007'), '个');
  assert.equal(unitName('011'), '件');
  assert.equal(unitName('035'), '千克');
  assert.equal(unitName('001'), '台');
  assert.equal(unitName('006'), '套');
  assert.equal(unitName('140'), '盒');
  assert.equal(unitName('015'), '条', '015 is 条; 盒 is 140');
});

test('accepts a well-formed code missing from our table, which customs checks itself', () => {
  assert.equal(unitName('149'), undefined);
  assert.equal(unitProblem('149'), undefined);
});

test('refuses malformed codes with the accepted form', () => {
  assert.equal(unitProblem('7'), "must be 3 digits with leading zeros, e.g. 007, got '7'");
  assert.equal(unitProblem('35'), "must be 3 digits with leading zeros, e.g. 035, got '35'");
  assert.equal(unitProblem('千克'), "'千克' is a unit name; give its customs code 035");
  assert.equal(unitProblem('kg'), "must be a 3-digit customs unit code (计量单位代码), e.g. 007 个, 011 件, 035 千克, got 'kg'");
  assert.equal(unitProblem('0350'), "must be a 3-digit customs unit code (计量单位代码), e.g. 007 个, 011 件, 035 千克, got '0350'");
});

test('the unit table has unique 3-digit codes and names', () => {
  const units = knownUnits();
  for (const code of units.keys()) assert.match(code, /^\d{3}$/);
  assert.equal(new Set(units.values()).size, units.size);
});
