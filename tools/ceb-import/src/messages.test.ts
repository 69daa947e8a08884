import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { customsCodeProblem, residentIdProblem } from '@sw/kernel';
import { loadCodeTables, mapCountry, mapCurrency } from './codes';
import { BY_KIND, convertDocument, elementOfField, mutationOf, type Converted } from './messages';
import { readCebFile, type DocumentRead } from './parser';
import { messageXml, residentId, sample } from './test-support';

const tables = loadCodeTables();
const dir = mkdtempSync(path.join(tmpdir(), 'ceb-messages-'));

async function documentsOf(file: string): Promise<DocumentRead[]> {
  const found: DocumentRead[] = [];
  for await (const event of readCebFile(file)) if (event.type === 'document') found.push(event);
  return found;
}

async function convertedOf(file: string): Promise<Converted[]> {
  return (await documentsOf(file)).map((document) => convertDocument(document.spec, document.raw, tables));
}

let fileNo = 0;
function xmlFile(text: string): string {
  const file = path.join(dir, `m${++fileNo}.xml`);
  writeFileSync(file, text);
  return file;
}

const BUYER = {
  buyerIdType: '1', buyerIdNumber: '410105199205183272', buyerName: '韩梅梅', buyerTelephone: '13812345678',
};
const ADDRESS = '河南省郑州市金水区花园路123号4单元501室';

test('CEB311 sample → OrderInput: XML field names, acturalPaid → actualPaid, 142 → CNY, 304 → DE, 116 → JP', async () => {
  const [order] = await convertedOf(sample('ceb311-order.xml'));
  assert.deepEqual(order.problems, []);
  assert.deepEqual(order.warnings, []);
  assert.deepEqual(order.input, {
    ieFlag: 'I', orderNo: 'SWO202603150000123', ebpCode: '4101960001', ebcCode: '4101960002', goodsValue: '665.00', freight: '15.00',
    discount: '0.00', taxTotal: '61.88', actualPaid: '741.88', currency: 'CNY', ...BUYER,
    consignee: '韩梅梅', consigneeAddress: ADDRESS, consigneeTelephone: '13812345678', payCode: '4101960003',
    payTransactionId: 'P2026031510251200000123',
    items: [
      {
        gnum: 1, itemNo: 'SKU-DE-0001', itemName: '婴儿配方奶粉1段 800克', gmodel: '800克/罐，0-6个月婴儿配方', barCode: '2004123000013',
        qty: '2', unit: '122', price: '238.00', totalPrice: '476.00', currency: 'CNY', country: 'DE',
      },
      {
        gnum: 2, itemNo: 'SKU-JP-0002', itemName: '复合维生素片 120粒', gmodel: '120粒/瓶', barCode: '2004123000020',
        qty: '1', unit: '142', price: '189.00', totalPrice: '189.00', currency: 'CNY', country: 'JP',
      },
    ],
  });
  assert.ok(!('acturalPaid' in order.input));
});

test('CEB411 sample → PaymentInput, payTime yyyyMMddHHmmss (Asia/Shanghai) → RFC 3339', async () => {
  const [payment] = await convertedOf(sample('ceb411-payment.xml'));
  assert.deepEqual(payment.problems, []);
  assert.deepEqual(payment.input, {
    ieFlag: 'I', payCode: '4101960003', payTransactionId: 'P2026031510251200000123', orderNo: 'SWO202603150000123',
    ebpCode: '4101960001', payerIdType: '1', payerIdNumber: '410105199205183272', payerName: '韩梅梅', telephone: '13812345678',
    amountPaid: '741.88', currency: 'CNY', payTime: '2026-03-15T10:25:12+08:00',
  });
});

test('CEB511 sample → WaybillInput', async () => {
  const [waybill] = await convertedOf(sample('ceb511-waybill.xml'));
  assert.deepEqual(waybill.problems, []);
  assert.deepEqual(waybill.input, {
    ieFlag: 'I', logisticsCode: '4101960004', logisticsNo: 'YD2026031500000123', orderNo: 'SWO202603150000123', billNo: '784-12345675',
    freight: '15.00', insuredFee: '0.00', currency: 'CNY', weight: '2.35', packNo: 1,
    consignee: '韩梅梅', consigneeAddress: ADDRESS, consigneeTelephone: '13812345678',
  });
});

test('CEB621 sample → InventoryInput: empty elements left out, dates yyyyMMdd → YYYY-MM-DD, country codes mapped', async () => {
  const [inventory] = await convertedOf(sample('ceb621-inventory.xml'));
  assert.deepEqual(inventory.problems, []);
  assert.deepEqual(inventory.input, {
    copNo: 'SWC202603150000123', orderNo: 'SWO202603150000123', ebpCode: '4101960001', ebcCode: '4101960002',
    logisticsCode: '4101960004', logisticsNo: 'YD2026031500000123', assureCode: '4101960002', agentCode: '4101960005', ieFlag: 'I',
    declTime: '2026-03-16', customsCode: '4606', portCode: '4606', ieDate: '2026-03-16', tradeMode: '9610', trafMode: '5',
    billNo: '784-12345675', ...BUYER, consigneeAddress: ADDRESS, freight: '15.00', insuredFee: '0.00', currency: 'CNY',
    grossWeight: '2.35', netWeight: '1.85', country: 'DE',
    items: [
      {
        gnum: 1, itemNo: 'SKU-DE-0001', itemName: '婴儿配方奶粉1段 800克', gcode: '1901101000', gname: '婴儿配方奶粉',
        gmodel: '800克/罐，0-6个月婴儿配方，牛乳基', barCode: '2004123000013', country: 'DE', tradeCountry: 'DE', qty: '2', unit: '122',
        qty1: '1.6', unit1: '035', price: '238.00', totalPrice: '476.00', currency: 'CNY',
      },
      {
        gnum: 2, itemNo: 'SKU-JP-0002', itemName: '复合维生素片 120粒', gcode: '2106909090', gname: '复合维生素片',
        gmodel: '120粒/瓶，膳食补充剂', barCode: '2004123000020', country: 'JP', tradeCountry: 'JP', qty: '1', unit: '142',
        qty1: '0.25', unit1: '035', price: '189.00', totalPrice: '189.00', currency: 'CNY',
      },
    ],
  });
});

test('the samples are one consistent order: valid customs codes and GB 11643 IDs, amounts that add up and match', async () => {
  const [order] = await convertedOf(sample('ceb311-order.xml'));
  const [payment] = await convertedOf(sample('ceb411-payment.xml'));
  const [waybill] = await convertedOf(sample('ceb511-waybill.xml'));
  const [inventory] = await convertedOf(sample('ceb621-inventory.xml'));
  for (const { input } of [order, payment, waybill, inventory]) {
    for (const field of ['ebpCode', 'ebcCode', 'payCode', 'logisticsCode', 'agentCode', 'assureCode']) {
      if (typeof input[field] === 'string') assert.equal(customsCodeProblem(input[field] as string), undefined, field);
    }
    for (const field of ['buyerIdNumber', 'payerIdNumber']) {
      if (typeof input[field] === 'string') assert.equal(residentIdProblem(input[field] as string), undefined, field);
    }
  }
  const cents = (value: unknown) => Math.round(Number(value) * 100);
  const o = order.input as Record<string, any>;
  assert.equal(cents(o.goodsValue), o.items.reduce((sum: number, item: any) => sum + cents(item.totalPrice), 0));
  assert.equal(cents(o.actualPaid), cents(o.goodsValue) + cents(o.freight) + cents(o.taxTotal) - cents(o.discount));
  assert.equal(payment.input.amountPaid, o.actualPaid);
  for (const link of ['orderNo', 'ebpCode', 'ebcCode', 'buyerIdNumber', 'buyerName']) assert.equal(inventory.input[link], o[link], link);
  assert.equal(inventory.input.logisticsNo, waybill.input.logisticsNo);
  for (const field of ['consignee', 'consigneeAddress', 'consigneeTelephone']) assert.equal(waybill.input[field], o[field], field);
  assert.equal(residentId('41010519920518327'), '410105199205183272');
});

test('customs codes map through the clearance subgraph\'s tables; ISO codes in the XML are refused with the code to send', () => {
  assert.deepEqual(mapCurrency('142', tables), { ok: true, value: 'CNY' });
  assert.deepEqual(mapCurrency('502', tables), { ok: true, value: 'USD' });
  assert.deepEqual(mapCountry('116', tables), { ok: true, value: 'JP' });
  assert.deepEqual(mapCountry('502', tables), { ok: true, value: 'US' });
  assert.deepEqual(mapCountry('304', tables), { ok: true, value: 'DE' });
  assert.deepEqual(mapCurrency('CNY', tables), { ok: false, reason: "'CNY' is an ISO 4217 code; the CEB XML carries the customs currency code 142 for it" });
  assert.deepEqual(mapCountry('JP', tables), { ok: false, reason: "'JP' is an ISO 3166-1 code; the CEB XML carries the customs country code 116 for it" });
  const data = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'subgraphs', 'clearance', 'data', 'currencies.json'), 'utf8'));
  const withCustoms = data.currencies.filter((c: { customsCode?: string }) => c.customsCode);
  assert.equal(tables.currencies.size, withCustoms.length, 'every customs currency code of the shared table is mapped');
});

const ORDER_LINE = `<ceb:OrderList><ceb:gnum>1</ceb:gnum><ceb:itemName>样品</ceb:itemName><ceb:unit>007</ceb:unit><ceb:qty>1</ceb:qty>
<ceb:price>10.00</ceb:price><ceb:totalPrice>10.00</ceb:totalPrice><ceb:currency>142</ceb:currency><ceb:country>COUNTRY</ceb:country></ceb:OrderList>`;

function orderXml(head: Record<string, string | null>, line = ORDER_LINE.replace('COUNTRY', '116')): string {
  const fields: Record<string, string | null> = {
    orderNo: 'T1', ebpCode: '4101960001', ebcCode: '4101960002', goodsValue: '10.00', acturalPaid: '10.00', currency: '142',
    buyerIdType: '1', buyerIdNumber: '410105199205183272', buyerName: '韩梅梅', buyerTelephone: '13812345678', consignee: '韩梅梅',
    consigneeAddress: '郑州', consigneeTelephone: '13812345678', ...head,
  };
  const body = Object.entries(fields).filter(([, v]) => v !== null).map(([k, v]) => `<ceb:${k}>${v}</ceb:${k}>`).join('');
  return `<ceb:Order><ceb:OrderHead>${body}</ceb:OrderHead>${line}</ceb:Order>\n`;
}

async function problemsOf(xml: string): Promise<Converted> {
  const [converted] = await convertedOf(xmlFile(xml));
  return converted;
}

test('an unknown currency or country code rejects the message, naming the element and the value', async () => {
  const bad = await problemsOf(messageXml('CEB311Message', [orderXml({ currency: '999' }, ORDER_LINE.replace('COUNTRY', '260'))]));
  assert.deepEqual(bad.problems, [
    {
      element: 'OrderHead/currency', field: 'input.currency',
      message: "'999' is not a customs currency code (币制代码) that maps to ISO 4217, e.g. 142 = CNY, 502 = USD, 300 = EUR",
    },
    {
      element: 'OrderList[1]/country', field: 'input.items[0].country',
      message: "'260' is not a customs country code (国别(地区)代码) that names one ISO 3166-1 country, e.g. 116 = JP, 502 = US, 304 = DE",
    },
  ]);
  const iso = await problemsOf(messageXml('CEB311Message', [orderXml({}, ORDER_LINE.replace('COUNTRY', 'JP'))]));
  assert.equal(iso.problems[0].message, "'JP' is an ISO 3166-1 code; the CEB XML carries the customs country code 116 for it");
});

test('missing required elements, empty ones and a missing goods line are each named', async () => {
  const result = await problemsOf(messageXml('CEB311Message', [orderXml({ acturalPaid: null, orderNo: '', buyerIdNumber: null }, '')]));
  assert.deepEqual(result.problems.map((p) => `${p.element} ${p.message}`), [
    'OrderHead/orderNo is required and empty',
    'OrderHead/acturalPaid is required and missing',
    'OrderHead/buyerIdNumber is required and missing',
    'Order/OrderList is missing: at least one goods line is required',
  ]);
  assert.equal(result.problems[1].field, 'input.actualPaid');
  const noHead = await problemsOf(messageXml('CEB411Message', ['<ceb:Payment></ceb:Payment>']));
  assert.deepEqual(noHead.problems, [{ element: 'Payment/PaymentHead', message: 'is missing: a Payment needs its PaymentHead' }]);
});

test('malformed numbers, dates and times are refused with their value; personal data is never echoed', async () => {
  const result = await problemsOf(messageXml('CEB311Message', [orderXml({ goodsValue: '1,000.00', freight: '-5', buyerIdNumber: '' })]));
  assert.deepEqual(result.problems.map((p) => `${p.element} ${p.message}`), [
    "OrderHead/goodsValue '1,000.00' is not a well-formed number: digits with an optional decimal point, e.g. 1234.50",
    "OrderHead/freight '-5' is not a well-formed number: digits with an optional decimal point, e.g. 1234.50",
    'OrderHead/buyerIdNumber is required and empty',
  ]);
  const payment = await problemsOf(messageXml('CEB411Message', [
    '<ceb:Payment><ceb:PaymentHead><ceb:payCode>4101960003</ceb:payCode><ceb:payTransactionId>P1</ceb:payTransactionId>' +
      '<ceb:orderNo>T1</ceb:orderNo><ceb:ebpCode>4101960001</ceb:ebpCode><ceb:payerIdType>1</ceb:payerIdType>' +
      '<ceb:payerIdNumber>410105199205183272</ceb:payerIdNumber><ceb:payerName>韩梅梅</ceb:payerName>' +
      '<ceb:amountPaid>10.00</ceb:amountPaid><ceb:payTime>20260230102512</ceb:payTime></ceb:PaymentHead></ceb:Payment>',
  ]));
  assert.deepEqual(payment.problems.map((p) => `${p.element} ${p.message}`), [
    "PaymentHead/payTime '20260230102512' is not a time in the CEB form yyyyMMddHHmmss",
  ]);
  for (const problem of [...result.problems, ...payment.problems]) assert.doesNotMatch(problem.message, /410105|韩梅梅|138123/);
});

test('appType 3 (delete), an export flag and a repeated element are refused; unknown elements are warnings', async () => {
  const result = await problemsOf(messageXml('CEB311Message', [
    orderXml({ appType: '3', ieFlag: 'E', acturalpaid: '10.00' }).replace('<ceb:orderNo>T1</ceb:orderNo>', '<ceb:orderNo>T1</ceb:orderNo><ceb:orderNo>T2</ceb:orderNo>'),
  ]));
  assert.deepEqual(result.problems.map((p) => p.element), ['OrderHead/orderNo', 'OrderHead/appType', 'OrderHead/ieFlag']);
  assert.match(result.problems[1].message, /'3' \(delete\) cannot be imported/);
  assert.deepEqual(result.warnings, ['OrderHead/acturalpaid is not an element of this message; ignored']);
});

test('gateway field paths are traced back to XML elements', () => {
  const order = BY_KIND.get('order')!;
  const inventory = BY_KIND.get('inventory')!;
  assert.equal(elementOfField(order, 'input.actualPaid'), 'OrderHead/acturalPaid');
  assert.equal(elementOfField(order, 'input.items[1].country'), 'OrderList[2]/country');
  assert.equal(elementOfField(inventory, 'input.items[0].gcode'), 'InventoryList[1]/gcode');
  assert.equal(elementOfField(inventory, 'input.items'), 'Inventory/InventoryList');
  assert.equal(elementOfField(inventory, undefined), undefined);
  assert.equal(
    mutationOf(inventory),
    'mutation SubmitInventory($input: InventoryInput!) { submitInventory(input: $input) { id status match { ok mismatches { field document } } } }',
  );
});
