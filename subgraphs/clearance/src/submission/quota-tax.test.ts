import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertData, assertError, DECLARATION, fileFirms, firms, inventoryInput, parcel, receipt, regulator, startTestClearance, submitParcel,
  SUBMIT_INVENTORY, tableCounts, validResidentId, type Firms, type TestClearance,
} from '../testing/clearance-harness';

let t: TestClearance;
let f: Firms;

before(async () => {
  t = await startTestClearance();
  f = firms('quota');
  await fileFirms(t, Object.values(f));
});

after(async () => {
  await t?.stop();
});

describe('CBEC import tax (财关税〔2016〕18号 三, 〔2018〕49号)', () => {
  test('worked example: face cream 2 × 150.00 + 10.00 freight, within the limits', async () => {
    // dutiable      = 300.00 + 10.00                          = 310.00
    // tariff        = 0 within the limits                     =   0.00
    // consumption   = 310.00 / (1 − 15%) × 15% × 70% = 38.294…  →  38.29  (高档化妆品 15%, assumed to meet the threshold)
    // VAT           = (310.00 + 54.705…) × 13% × 70% = 33.188…  →  33.19  (the VAT base holds the statutory CT)
    // total         = 38.29 + 33.19                           =  71.48
    const declaration = await submitParcel(t, f, parcel());
    assert.deepEqual(declaration.tax, { dutiable: '310.00', tariff: '0.00', vat: '33.19', consumptionTax: '38.29', total: '71.48' });
    assert.deepEqual({ ...declaration.quota, year: undefined }, { year: undefined, amount: '310.00', counted: true });
  });

  test('worked example: T-shirts at 13% VAT only: 4 × 49.90 + 8.00 freight + 2.00 insurance', async () => {
    // dutiable = 199.60 + 8.00 + 2.00 = 209.60; VAT = 209.60 × 13% × 70% = 19.0736 → 19.07; no consumption tax.
    const p = parcel({ lines: [{ gcode: '6109100000', name: '棉制T恤', qty: '4', price: '49.90' }], freight: '8.00' });
    const declaration = assertData(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p, { insuredFee: '2.00' }) }, regulator())).submitInventory;
    assert.deepEqual(declaration.tax, { dutiable: '209.60', tariff: '0.00', vat: '19.07', consumptionTax: '0.00', total: '19.07' });
  });

  test('worked example: one indivisible item above 5,000 pays every tax in full and counts toward the year', async () => {
    // 3304 tariff 1% (table): dutiable 6000.00; tariff 60.00; CT = 6060 / 0.85 × 15% = 1069.41; VAT = (6060 + 1069.41…) × 13% = 926.82.
    const p = parcel({ lines: [{ gcode: '3304990099', name: '精华套装', qty: '1', price: '6000.00' }], freight: '0.00', buyerIdNumber: validResidentId('single-item') });
    const declaration = assertData(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p) }, regulator())).submitInventory;
    assert.deepEqual(declaration.tax, { dutiable: '6000.00', tariff: '60.00', vat: '926.82', consumptionTax: '1069.41', total: '2056.23' });
    assert.equal(declaration.quota.amount, '6000.00');
  });

  test('an export carries no import tax and no quota', async () => {
    const p = parcel({ tradeMode: '9610' });
    const declaration = assertData(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p, { ieFlag: 'E' }) }, regulator())).submitInventory;
    assert.equal(declaration.tax, null);
    assert.equal(declaration.quota, null);
  });
});

describe('the buyer\'s quota (5,000 per transaction, 26,000 per year)', () => {
  test('a multi-item transaction above 5,000 is QUOTA_EXCEEDED with used and remaining, and writes nothing', async () => {
    const p = parcel({ lines: [{ gcode: '6109100000', name: 'T恤', qty: '2', price: '2500.00' }], freight: '20.00', buyerIdNumber: validResidentId('transaction') });
    const before = await tableCounts(t.sql);
    const error = assertError(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p) }, regulator()), 'QUOTA_EXCEEDED');
    assert.equal(error.extensions?.reason, 'TRANSACTION_LIMIT');
    assert.equal(error.extensions?.used, '0.00');
    assert.equal(error.extensions?.remaining, '26000.00');
    assert.equal(error.extensions?.transaction, '5020.00');
    assert.deepEqual(await tableCounts(t.sql), before);
  });

  test('the year total may reach 26,000.00 exactly; beyond it is QUOTA_EXCEEDED with what is used and left', async () => {
    const buyer = validResidentId('annual');
    // Five purchases of 4,999.00 + 1.00 freight = 5,000.00 each: 25,000.00 used.
    for (let i = 0; i < 5; i++) {
      const p = parcel({ lines: [{ gcode: '6109100000', name: 'T恤', qty: '1', price: '4999.00' }], freight: '1.00', buyerIdNumber: buyer });
      assertData(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p) }, regulator()));
    }
    const over = parcel({ lines: [{ gcode: '6109100000', name: 'T恤', qty: '2', price: '500.01' }], freight: '0.00', buyerIdNumber: buyer });
    const error = assertError(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, over) }, regulator()), 'QUOTA_EXCEEDED');
    assert.equal(error.extensions?.reason, 'ANNUAL_QUOTA');
    assert.equal(error.extensions?.used, '25000.00');
    assert.equal(error.extensions?.remaining, '1000.00');
    const exact = parcel({ lines: [{ gcode: '6109100000', name: 'T恤', qty: '2', price: '500.00' }], freight: '0.00', buyerIdNumber: buyer });
    const last = assertData(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, exact) }, regulator())).submitInventory;
    assert.equal(last.quota.amount, '1000.00');
    const full = parcel({ lines: [{ gcode: '6109100000', name: 'T恤', qty: '1', price: '0.01' }], freight: '0.00', buyerIdNumber: buyer });
    const none = assertError(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, full) }, regulator()), 'QUOTA_EXCEEDED');
    assert.equal(none.extensions?.remaining, '0.00');
  });

  test('a rejected purchase gives its amount back to the buyer\'s year', async () => {
    const buyer = validResidentId('released');
    const big = (n: number) => parcel({ lines: [{ gcode: '6109100000', name: 'T恤', qty: '1', price: '4999.00' }], freight: '1.00', buyerIdNumber: buyer, orderNo: `REL${n}${process.pid}` });
    const declarations = [];
    for (let i = 0; i < 5; i++) declarations.push(await submitParcel(t, f, big(i)));
    const sixth = parcel({ lines: [{ gcode: '6109100000', name: 'T恤', qty: '1', price: '4999.00' }], freight: '1.00', buyerIdNumber: buyer });
    const refused = assertError(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, sixth) }, regulator()), 'QUOTA_EXCEEDED');
    assert.equal(refused.extensions?.remaining, '1000.00');
    assertData(await receipt(t, declarations[0].id, '100', '海关退单'));
    const read = assertData(await t.request(DECLARATION, { id: declarations[0].id }, regulator())).declaration;
    assert.equal(read.quota.counted, false);
    const accepted = assertData(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, sixth) }, regulator())).submitInventory;
    assert.equal(accepted.quota.counted, true);
  });

  test('amending a declaration replaces its own contribution instead of adding to it', async () => {
    const buyer = validResidentId('amend-quota');
    const p = parcel({ lines: [{ gcode: '6109100000', name: 'T恤', qty: '1', price: '4000.00' }], freight: '0.00', buyerIdNumber: buyer });
    assertData(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p) }, regulator()));
    const amended = assertData(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p, { freight: '5.00' }) }, regulator())).submitInventory;
    assert.equal(amended.quota.amount, '4005.00');
    const [row] = await t.sql`select sum(quota_amount)::text as used from clearance.declarations where quota_counted and buyer_person_id = (
      select buyer_person_id from clearance.declarations where id = ${amended.id})`;
    assert.equal(row.used, '4005.00');
  });

  test('two purchases of one buyer declared at once cannot both take the last of the quota', async () => {
    const buyer = validResidentId('race');
    for (let i = 0; i < 5; i++) {
      const p = parcel({ lines: [{ gcode: '6109100000', name: 'T恤', qty: '1', price: '4999.00' }], freight: '1.00', buyerIdNumber: buyer });
      assertData(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p) }, regulator()));
    }
    const racers = [0, 1, 2, 3].map(() => parcel({ lines: [{ gcode: '6109100000', name: 'T恤', qty: '1', price: '600.00' }], freight: '0.00', buyerIdNumber: buyer }));
    const responses = await Promise.all(racers.map((p) => t.request(SUBMIT_INVENTORY, { input: inventoryInput(f, p) }, regulator())));
    const codes = responses.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort();
    assert.deepEqual(codes, ['OK', 'QUOTA_EXCEEDED', 'QUOTA_EXCEEDED', 'QUOTA_EXCEEDED']);
  });
});
