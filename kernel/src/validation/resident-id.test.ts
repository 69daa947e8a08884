import { test } from 'node:test';
import assert from 'node:assert/strict';
import { birthDateOf, residentIdCheckCharacter, residentIdProblem } from './resident-id.js';

const TODAY = new Date(2024, 5, 15);

function withCheck(first17: string): string {
  return first17 + residentIdCheckCharacter(first17);
}

test("accepts the standard's example and other IDs verified by computation", () => {
  for (const id of ['11010519491231002X', '110101199003074514', '11010119900307803X', withCheck('44030420000229123')]) {
    assert.equal(residentIdProblem(id, TODAY), undefined, id);
  }
});

test('computes the check character', () => {
  assert.equal(residentIdCheckCharacter('11010519491231002'), 'X');
  assert.equal(residentIdCheckCharacter('44052418800101001'), '4');
  assert.equal(residentIdCheckCharacter('11010119900307451'), '4');
  assert.throws(() => residentIdCheckCharacter('1101051949123100'), RangeError);
  assert.throws(() => residentIdCheckCharacter('1101051949123100X'), RangeError);
});

test("the standard's example 440524188001010014 has a correct check character but a birth date before 1900", () => {
  assert.equal(residentIdProblem('440524188001010014', TODAY), 'birth date 18800101 is before 19000101');
});

test('extracts the birth date', () => {
  assert.equal(birthDateOf('11010519491231002X'), '1949-12-31');
  assert.equal(birthDateOf('440524188001010014'), '1880-01-01');
  assert.throws(() => birthDateOf('1101051949'), RangeError);
});

test('refuses a wrong check character and names the expected one', () => {
  assert.equal(
    residentIdProblem('110105194912310023', TODAY),
    'check character should be X, got 3 (GB 11643-1999 MOD 11-2 check)',
  );
  assert.equal(
    residentIdProblem('11010119900307451X', TODAY),
    'check character should be 4, got X (GB 11643-1999 MOD 11-2 check)',
  );
});

test('refuses lower-case x, asking for upper-case X', () => {
  assert.equal(residentIdProblem('11010519491231002x', TODAY), "check character must be upper-case X, got lower-case 'x'");
});

test('refuses dates that do not exist', () => {
  assert.equal(
    residentIdProblem(withCheck('11010119990230123'), TODAY),
    'birth date 19990230 is not a valid date (characters 7-14 must be YYYYMMDD)',
  );
  assert.match(residentIdProblem(withCheck('11010119990229123'), TODAY) ?? '', /19990229 is not a valid date/);
  assert.match(residentIdProblem(withCheck('11010119000229123'), TODAY) ?? '', /19000229 is not a valid date/);
  assert.match(residentIdProblem(withCheck('11010119991301123'), TODAY) ?? '', /19991301 is not a valid date/);
  assert.match(residentIdProblem(withCheck('11010119990400123'), TODAY) ?? '', /19990400 is not a valid date/);
  assert.match(residentIdProblem(withCheck('11010119990431123'), TODAY) ?? '', /19990431 is not a valid date/);
  assert.equal(residentIdProblem(withCheck('11010119960229123'), TODAY), undefined);
});

test('refuses birth dates in the future and accepts today', () => {
  assert.equal(
    residentIdProblem(withCheck('11010120240616123'), TODAY),
    'birth date 20240616 is in the future (today is 20240615)',
  );
  assert.equal(residentIdProblem(withCheck('11010120240615123'), TODAY), undefined);
});

test('refuses birth dates before 1900-01-01 and accepts 1900-01-01', () => {
  assert.equal(residentIdProblem(withCheck('11010118991231123'), TODAY), 'birth date 18991231 is before 19000101');
  assert.equal(residentIdProblem(withCheck('11010119000101123'), TODAY), undefined);
});

test('refuses 15-digit first-generation IDs', () => {
  assert.equal(
    residentIdProblem('110105491231002', TODAY),
    'must be 18 characters (GB 11643-1999); 15-digit first-generation IDs are not accepted',
  );
});

test('refuses other lengths and non-digits', () => {
  assert.equal(
    residentIdProblem('11010519491231002', TODAY),
    'must be 18 characters (17 digits and a check character 0-9 or X), got 17',
  );
  assert.equal(
    residentIdProblem('1101051949123100A2', TODAY),
    "character 17 'A' is not allowed (characters 1-17 must be digits 0-9)",
  );
  assert.equal(
    residentIdProblem('11010519491231002Y', TODAY),
    "character 18 'Y' is not allowed (check character must be 0-9 or X)",
  );
});

test('defaults today to the current date', () => {
  assert.equal(residentIdProblem('11010519491231002X'), undefined);
  const nextYear = new Date().getFullYear() + 1;
  assert.match(residentIdProblem(withCheck(`110105${nextYear}0101123`)) ?? '', /is in the future/);
});
