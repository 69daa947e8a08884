import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertData, assertError, busEvents, fileFirms, firms, inventoryInput, orderInput, parcel, paymentInput, regulator, startTestClearance,
  SUBMIT_INVENTORY, SUBMIT_ORDER, SUBMIT_PAYMENT, SUBMIT_WAYBILL, tableCounts, validCustomsCode, waitForOffset, waybillInput,
  type Firms, type TestClearance,
} from '../testing/clearance-harness';

let t: TestClearance;
let f: Firms;

before(async () => {
  t = await startTestClearance();
  f = firms('validation');
  await fileFirms(t, Object.values(f));
});

after(async () => {
  await t?.stop();
});

type Mutation = string;

/** Submits `input` and asserts BAD_USER_INPUT naming `field`, with nothing written. */
async function refused(mutation: Mutation, input: Record<string, unknown>, field: string, pattern?: RegExp) {
  const before = await tableCounts(t.sql);
  const error = assertError(await t.request(mutation, { input }, regulator()), 'BAD_USER_INPUT', field);
  if (pattern) assert.match(error.message, pattern);
  assert.deepEqual(await tableCounts(t.sql), before, 'a refused submission wrote something');
}

const withItem = (input: ReturnType<typeof inventoryInput>, index: number, change: Record<string, unknown>) => ({
  ...input, items: input.items.map((item, i) => (i === index ? { ...item, ...change } : item)),
});

describe('inventory list fields', () => {
  const twoLines = () => parcel({ lines: [
    { gcode: '3304990099', name: '面霜', qty: '1', price: '100.00' },
    { gcode: '6109100000', name: 'T恤', qty: '2', price: '50.00' },
    { gcode: '1901101000', name: '奶粉', qty: '3', price: '10.00' },
  ] });

  const cases: [string, (p: ReturnType<typeof twoLines>) => Record<string, unknown>, string, RegExp?][] = [
    ['an HS code that is not 10 digits', (p) => withItem(inventoryInput(f, p), 2, { gcode: '33049900' }), 'input.items[2].gcode', /10 digits/],
    ['an HS 2022 subheading that does not exist', (p) => withItem(inventoryInput(f, p), 1, { gcode: '3304970000' }), 'input.items[1].gcode', /HS 2022/],
    ['a currency that is not ISO 4217', (p) => ({ ...inventoryInput(f, p), currency: 'RMB' }), 'input.currency', /CNY/],
    ['a country that is not ISO 3166-1 alpha-2', (p) => withItem(inventoryInput(f, p), 0, { country: 'JPN' }), 'input.items[0].country', /JP/],
    ['a zero quantity', (p) => withItem(inventoryInput(f, p), 1, { qty: '0' }), 'input.items[1].qty', /greater than 0/],
    ['a negative price', (p) => withItem(inventoryInput(f, p), 0, { price: '-1.00' }), 'input.items[0].price', /negative/],
    ['a price with six decimals', (p) => withItem(inventoryInput(f, p), 0, { price: '1.000001' }), 'input.items[0].price', /5 decimal/],
    ['a line total that is not qty × price', (p) => withItem(inventoryInput(f, p), 1, { totalPrice: '99.00' }), 'input.items[1].totalPrice', /100\.00/],
    ['lines numbered out of order', (p) => withItem(inventoryInput(f, p), 1, { gnum: 3 }), 'input.items[1].gnum'],
    ['a unit that is a name', (p) => withItem(inventoryInput(f, p), 0, { unit: '千克' }), 'input.items[0].unit', /035/],
    ['a resident ID with a wrong check character', (p) => ({ ...inventoryInput(f, p), buyerIdNumber: `${p.buyerIdNumber.slice(0, 17)}${p.buyerIdNumber[17] === '0' ? '1' : '0'}` }), 'input.buyerIdNumber', /check character/],
    ['an unknown ID type', (p) => ({ ...inventoryInput(f, p), buyerIdType: '9' }), 'input.buyerIdType'],
    ['a malformed customs code', (p) => ({ ...inventoryInput(f, p), ebcCode: '41010A' }), 'input.ebcCode', /10 characters/],
    ['an unknown trade mode', (p) => ({ ...inventoryInput(f, p), tradeMode: '0110' }), 'input.tradeMode', /9610/],
    ['9710 on an import', (p) => ({ ...inventoryInput(f, p), tradeMode: '9710' }), 'input.tradeMode', /ieFlag E/],
    ['9810 on an import', (p) => ({ ...inventoryInput(f, p), tradeMode: '9810' }), 'input.tradeMode', /ieFlag E/],
    ['1239 on an export', (p) => ({ ...inventoryInput(f, p), tradeMode: '1239', ieFlag: 'E' }), 'input.tradeMode', /ieFlag I/],
    ['an ieFlag other than I or E', (p) => ({ ...inventoryInput(f, p), ieFlag: 'X' }), 'input.ieFlag'],
    ['a missing buyer on an import', (p) => ({ ...inventoryInput(f, p), buyerName: null }), 'input.buyerName', /import/],
    ['a 3-digit customs office', (p) => ({ ...inventoryInput(f, p), customsCode: '460' }), 'input.customsCode'],
    ['a net weight above the gross weight', (p) => ({ ...inventoryInput(f, p), grossWeight: '1.0', netWeight: '1.5' }), 'input.netWeight'],
    ['a line in another currency', (p) => withItem(inventoryInput(f, p), 2, { currency: 'USD' }), 'input.items[2].currency'],
  ];
  for (const [what, build, field, pattern] of cases) {
    test(`${what} is BAD_USER_INPUT naming ${field}, nothing written`, async () => {
      await refused(SUBMIT_INVENTORY, build(twoLines()), field, pattern);
    });
  }

  test('1210 is accepted on an export too (公告2014年第57号: bonded goods entering or leaving)', async () => {
    const p = parcel({ tradeMode: '1210' });
    const declaration = assertData(await t.request(SUBMIT_INVENTORY, { input: { ...inventoryInput(f, p), ieFlag: 'E' } }, regulator())).submitInventory;
    assert.equal(declaration.mode, 'MODE_1210');
    assert.equal(declaration.direction, 'EXPORT');
    assert.equal(declaration.tax, null, 'no CBEC import tax on an export');
  });
});

describe('order, payment and waybill fields', () => {
  test('an actualPaid that is not goodsValue + freight + taxTotal − discount is BAD_USER_INPUT naming input.actualPaid', async () => {
    const p = parcel();
    await refused(SUBMIT_ORDER, orderInput(f, p, { actualPaid: '300.00' }), 'input.actualPaid', /310\.00/);
    // Discount and tax count: 300 + 10 + 20 − 15 = 315.
    const order = assertData(await t.request(SUBMIT_ORDER, { input: orderInput(f, p, { taxTotal: '20', discount: '15.00', actualPaid: '315' }) }, regulator())).submitOrder;
    assert.equal(order.actualPaid, '315.00');
  });

  test('a goodsValue that is not the sum of the lines is BAD_USER_INPUT naming input.goodsValue', async () => {
    await refused(SUBMIT_ORDER, orderInput(f, parcel(), { goodsValue: '301.00', actualPaid: '311.00' }), 'input.goodsValue');
  });

  test('money with three decimals is BAD_USER_INPUT naming the field', async () => {
    await refused(SUBMIT_ORDER, orderInput(f, parcel(), { freight: '10.001' }), 'input.freight', /2 decimal/);
  });

  test('a payer ID born on 30 February is BAD_USER_INPUT naming input.payerIdNumber', async () => {
    const first17 = '41010519900230123';
    const { residentIdCheckCharacter } = await import('@sw/kernel');
    await refused(SUBMIT_PAYMENT, paymentInput(f, parcel(), { payerIdNumber: first17 + residentIdCheckCharacter(first17) }), 'input.payerIdNumber', /not a valid date/);
  });

  test('a zero amountPaid is BAD_USER_INPUT naming input.amountPaid', async () => {
    await refused(SUBMIT_PAYMENT, paymentInput(f, parcel(), { amountPaid: '0.00' }), 'input.amountPaid');
  });

  test('a waybill without a weight or with a malformed phone names the field', async () => {
    await refused(SUBMIT_WAYBILL, waybillInput(f, parcel(), { weight: '0' }), 'input.weight');
    await refused(SUBMIT_WAYBILL, waybillInput(f, parcel(), { consigneeTelephone: 'call me' }), 'input.consigneeTelephone');
  });
});

describe('the enterprises a document names', () => {
  test('an unfiled customs code is BAD_USER_INPUT naming the field', async () => {
    const unfiled = validCustomsCode('nobody-filed-this');
    await refused(SUBMIT_ORDER, orderInput(f, parcel(), { ebpCode: unfiled }), 'input.ebpCode', /not.*filed|no enterprise/);
    await refused(SUBMIT_PAYMENT, paymentInput(f, parcel(), { payCode: unfiled }), 'input.payCode');
    await refused(SUBMIT_WAYBILL, waybillInput(f, parcel(), { logisticsCode: unfiled }), 'input.logisticsCode');
    await refused(SUBMIT_INVENTORY, inventoryInput(f, parcel(), { agentCode: unfiled }), 'input.agentCode');
  });

  test('an enterprise named in a role it is not filed in is BAD_USER_INPUT naming the field', async () => {
    await refused(SUBMIT_ORDER, orderInput(f, parcel(), { ebpCode: f.logistics.customsCode }), 'input.ebpCode', /ECOMMERCE_PLATFORM/);
    await refused(SUBMIT_ORDER, orderInput(f, parcel(), { ebcCode: f.platform.customsCode }), 'input.ebcCode', /ECOMMERCE_ENTERPRISE/);
    await refused(SUBMIT_ORDER, orderInput(f, parcel(), { payCode: f.platform.customsCode }), 'input.payCode', /PAYMENT/);
    await refused(SUBMIT_WAYBILL, waybillInput(f, parcel(), { logisticsCode: f.payment.customsCode }), 'input.logisticsCode', /LOGISTICS/);
    await refused(SUBMIT_INVENTORY, inventoryInput(f, parcel(), { agentCode: f.platform.customsCode }), 'input.agentCode', /CUSTOMS_BROKER/);
  });

  test('a revoked filing is BAD_USER_INPUT naming the field', async () => {
    const g = firms('revoked');
    await fileFirms(t, Object.values(g));
    const event = await t.publish({
      type: 'registry.enterprise.revoked', subject: g.logistics.uscc, actor: 'test',
      data: { uscc: g.logistics.uscc, customsCode: g.logistics.customsCode, reason: '吊销', filingStatus: 'REVOKED' },
    });
    await waitForOffset(t, 'registry-projection', event.seq);
    await refused(SUBMIT_WAYBILL, waybillInput(g, parcel()), 'input.logisticsCode', /revoked/);
  });

  test('an enterprise on the negative list is refused as BAD_USER_INPUT naming the field, and taken back once delisted', async () => {
    const g = firms('negative');
    await fileFirms(t, Object.values(g));
    const listed = await t.publish({
      type: 'credit.negative-list.listed', subject: g.ecommerce.uscc, actor: 'test',
      data: { uscc: g.ecommerce.uscc, entryId: '1', reason: '走私', authority: '郑州海关', listedOn: '2026-11-01' },
    });
    await waitForOffset(t, 'credit-projection', listed.seq);
    const p = parcel();
    await refused(SUBMIT_INVENTORY, inventoryInput(g, p), 'input.ebcCode', /negative list/);
    await refused(SUBMIT_ORDER, orderInput(g, p), 'input.ebcCode', /negative list/);
    const delisted = await t.publish({
      type: 'credit.negative-list.delisted', subject: g.ecommerce.uscc, actor: 'test',
      data: { uscc: g.ecommerce.uscc, entryId: '1', reason: '整改完成', authority: '郑州海关', delistedOn: '2026-11-10' },
    });
    await waitForOffset(t, 'credit-projection', delisted.seq);
    assertData(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(g, p) }, regulator()));
  });

  test('the risk class from credit travels to customs with the declaration', async () => {
    const g = firms('risk');
    await fileFirms(t, Object.values(g));
    const event = await t.publish({
      type: 'credit.risk.class-changed', subject: g.ecommerce.uscc, actor: 'test',
      data: { uscc: g.ecommerce.uscc, from: 'LOW', to: 'HIGH', warnings: ['MISMATCH_RATE'], cause: 'test' },
    });
    await waitForOffset(t, 'credit-projection', event.seq);
    const p = parcel();
    assertData(await t.request(SUBMIT_ORDER, { input: orderInput(g, p) }, regulator()));
    assertData(await t.request(SUBMIT_PAYMENT, { input: paymentInput(g, p) }, regulator()));
    assertData(await t.request(SUBMIT_WAYBILL, { input: waybillInput(g, p) }, regulator()));
    const declaration = assertData(await t.request(SUBMIT_INVENTORY, { input: inventoryInput(g, p) }, regulator())).submitInventory;
    const [handOff] = await busEvents(t.sql, 'clearance.declaration.ready-for-customs', declaration.id);
    assert.equal(handOff.data.riskClass, 'HIGH');
  });
});
