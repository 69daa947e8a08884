import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseEventTime } from '../event/event.validation';
import { BIZ_STEPS, CBV_BIZ_TRANSACTION_TYPES, cbvWord, DISPOSITIONS } from './cbv';
import { parseCode } from './codes';
import { gs1CheckDigit, gtinProblem, ssccProblem } from './gs1';

describe('GS1 mod-10', () => {
  test('check digits of published examples: GTIN-8, -12, -13, -14 and an SSCC', () => {
    assert.equal(gs1CheckDigit('9638507'), 4);
    assert.equal(gs1CheckDigit('03600029145'), 2);
    assert.equal(gs1CheckDigit('400638133393'), 1);
    assert.equal(gs1CheckDigit('1061414100003'), 3);
    assert.equal(ssccProblem('106141411234567897'), undefined);
  });

  test('a wrong check digit says which digit it should be', () => {
    assert.equal(gtinProblem('4006381333932'), 'GTIN 4006381333932 fails the GS1 mod-10 check: its check digit should be 1, got 2');
    assert.match(gtinProblem('40063813339')!, /8, 12, 13 or 14 digits/);
  });
});

describe('codes', () => {
  test('an SGTIN and an LGTIN carry the GTIN-14 of their company prefix and item reference (TDS 1.13 examples)', () => {
    assert.deepEqual(parseCode('urn:epc:id:sgtin:0614141.812345.6789').code, {
      code: 'urn:epc:id:sgtin:0614141.812345.6789', kind: 'ITEM', classLevel: false, gtin14: '80614141123458',
    });
    assert.deepEqual(parseCode('urn:epc:class:lgtin:4012345.012345.998877').code?.gtin14, '04012345123456');
    assert.equal(parseCode('urn:epc:idpat:sgtin:4012345.012345.*').code?.kind, 'PRODUCT_CLASS');
  });

  test('a GS1 Digital Link is an item with /21, a batch with /10, a class with /01 alone; its GTIN is checked', () => {
    assert.equal(parseCode('https://id.gs1.org/01/09521141123454/21/ABC').code?.kind, 'ITEM');
    assert.equal(parseCode('https://example.com/shop/01/09521141123454/10/LOT9').code?.kind, 'BATCH');
    assert.equal(parseCode('https://id.gs1.org/01/09521141123454').code?.classLevel, true);
    assert.match(parseCode('https://id.gs1.org/01/09521141123455/21/1').problem!, /check digit should be 4, got 5/);
    assert.equal(parseCode('https://id.gs1.org/00/106141411234567897').code?.kind, 'LOGISTIC_UNIT');
  });

  test('other codes (waybill numbers, URIs) are opaque; spaces and non-ASCII are refused', () => {
    assert.deepEqual(parseCode('YT2025092000001').code, { code: 'YT2025092000001', kind: 'OTHER', classLevel: false, gtin14: null });
    assert.ok(parseCode('YT 1').problem);
    assert.ok(parseCode('运单1').problem);
    assert.match(parseCode('urn:epc:id:sscc:0614141.123').problem!, /17 digits together/);
  });
});

describe('CBV 2.0 vocabularies', () => {
  test('41 business steps, 33 dispositions, 13 transaction types', () => {
    assert.equal(BIZ_STEPS.length, 41);
    assert.equal(DISPOSITIONS.length, 33);
    assert.equal(CBV_BIZ_TRANSACTION_TYPES.length, 13);
  });

  test('bare words, CBV 1.x URNs, GS1 web URIs and compact IRIs read as the same word', () => {
    for (const spelling of ['shipping', 'urn:epcglobal:cbv:bizstep:shipping', 'https://ref.gs1.org/cbv/BizStep-shipping', 'cbv:BizStep-shipping']) {
      assert.equal(cbvWord('bizStep', spelling), 'shipping', spelling);
    }
    assert.equal(cbvWord('disposition', 'urn:epcglobal:cbv:disp:in_transit'), 'in_transit');
    assert.equal(cbvWord('bizTransactionType', 'urn:sw:btt:declaration'), 'declaration');
    assert.equal(cbvWord('bizStep', 'urn:epcglobal:cbv:disp:shipping'), undefined);
    assert.equal(cbvWord('bizStep', 'customs_declared'), undefined);
  });
});

describe('event times', () => {
  test('an offset is required and applied; Z is +00:00', () => {
    assert.deepEqual(parseEventTime('2025-09-05T07:30:00+12:00'), { time: new Date('2025-09-04T19:30:00Z'), offset: '+12:00' });
    assert.deepEqual(parseEventTime('2025-09-05T07:30:00.123456Z'), { time: new Date('2025-09-05T07:30:00.123Z'), offset: '+00:00' });
    assert.ok('problem' in parseEventTime('2025-09-05T07:30:00'));
    assert.ok('problem' in parseEventTime('2025-02-29T07:30:00+08:00'));
    assert.ok('problem' in parseEventTime('2025-09-05T07:30:00+15:00'));
  });
});
