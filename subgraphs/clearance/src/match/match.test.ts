import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DocumentKind } from '../common/enums';
import { maskAddress, matchDocuments, type MatchDocuments } from './match';

const BUYER = { idType: '1', idNumber: '11010519491231002X', name: '张三丰' };

function documents(): MatchDocuments {
  return {
    inventory: {
      orderNo: 'O1', ebpCode: '4101000001', ebcCode: '4101000002', logisticsCode: '4101000003', logisticsNo: 'L1',
      buyerIdType: BUYER.idType, buyerIdNumber: BUYER.idNumber, buyerName: BUYER.name, consigneeAddress: '河南省郑州市金水区农业路1号',
      goodsValue: '300.00', currency: 'CNY',
    },
    order: {
      orderNo: 'O1', ebpCode: '4101000001', ebcCode: '4101000002', buyerIdType: BUYER.idType, buyerIdNumber: BUYER.idNumber, buyerName: BUYER.name,
      goodsValue: '300.00', actualPaid: '310.00', currency: 'CNY', consignee: '张三丰', consigneeAddress: '河南省郑州市金水区农业路1号',
      consigneeTelephone: '13800001111',
    },
    payment: {
      orderNo: 'O1', ebpCode: '4101000001', payerIdType: BUYER.idType, payerIdNumber: BUYER.idNumber, payerName: BUYER.name,
      amountPaid: '310.0', currency: 'CNY',
    },
    waybill: {
      orderNo: 'O1', logisticsCode: '4101000003', logisticsNo: 'L1', consignee: '张三丰', consigneeAddress: '河南省郑州市金水区 农业路1号',
      consigneeTelephone: '138 0000 1111',
    },
  };
}

test('matching documents pass: amounts by value, people\'s spacing ignored', () => {
  assert.deepEqual(matchDocuments(documents()), { ok: true, mismatches: [] });
});

/** Each kind of mismatch DESIGN.md names, and the field and document it is reported on. */
const KINDS: [string, (d: MatchDocuments) => void, { field: string; document: DocumentKind; expected: string | null; actual: string | null }][] = [
  ['order on another platform', (d) => { d.order.ebpCode = '4101000009'; }, { field: 'ebpCode', document: DocumentKind.ORDER, expected: '4101000001', actual: '4101000009' }],
  ['order of another e-commerce enterprise', (d) => { d.order.ebcCode = '4101000009'; }, { field: 'ebcCode', document: DocumentKind.ORDER, expected: '4101000002', actual: '4101000009' }],
  ['order for another buyer', (d) => { d.order.buyerIdNumber = '110101199003074514'; }, { field: 'buyerIdNumber', document: DocumentKind.ORDER, expected: '110105********002X', actual: '110101********4514' }],
  ['order with another buyer name', (d) => { d.order.buyerName = '李四'; }, { field: 'buyerName', document: DocumentKind.ORDER, expected: '张**', actual: '李*' }],
  ['payment of another order', (d) => { d.payment.orderNo = 'O2'; }, { field: 'orderNo', document: DocumentKind.PAYMENT, expected: 'O1', actual: 'O2' }],
  ['payment by someone else', (d) => { d.payment.payerIdNumber = '110101199003074514'; }, { field: 'payerIdNumber', document: DocumentKind.PAYMENT, expected: '110105********002X', actual: '110101********4514' }],
  ['payment of another amount', (d) => { d.payment.amountPaid = '309.99'; }, { field: 'amountPaid', document: DocumentKind.PAYMENT, expected: '310.00', actual: '309.99' }],
  ['payment in another currency', (d) => { d.payment.currency = 'USD'; }, { field: 'currency', document: DocumentKind.PAYMENT, expected: 'CNY', actual: 'USD' }],
  ['waybill of another parcel', (d) => { d.waybill.logisticsNo = 'L2'; }, { field: 'logisticsNo', document: DocumentKind.WAYBILL, expected: 'L1', actual: 'L2' }],
  ['waybill of another carrier', (d) => { d.waybill.logisticsCode = '4101000008'; }, { field: 'logisticsCode', document: DocumentKind.WAYBILL, expected: '4101000003', actual: '4101000008' }],
  ['waybill of another order', (d) => { d.waybill.orderNo = 'O3'; }, { field: 'orderNo', document: DocumentKind.WAYBILL, expected: 'O1', actual: 'O3' }],
  ['waybill to another consignee', (d) => { d.waybill.consignee = '王五'; }, { field: 'consignee', document: DocumentKind.WAYBILL, expected: '张**', actual: '王*' }],
  ['waybill with another phone', (d) => { d.waybill.consigneeTelephone = '13900002222'; }, { field: 'consigneeTelephone', document: DocumentKind.WAYBILL, expected: '138****1111', actual: '139****2222' }],
  ['waybill to another address', (d) => { d.waybill.consigneeAddress = '河南省洛阳市西工区中州路9号'; }, { field: 'consigneeAddress', document: DocumentKind.WAYBILL, expected: '河南省郑州市********', actual: '河南省洛阳市********' }],
  ['inventory of other goods value', (d) => { d.inventory.goodsValue = '250.00'; }, { field: 'goodsValue', document: DocumentKind.INVENTORY, expected: '300.00', actual: '250.00' }],
];

for (const [what, change, expected] of KINDS) {
  test(`a mismatch (${what}) is named by field and document`, () => {
    const d = documents();
    change(d);
    assert.deepEqual(matchDocuments(d), { ok: false, mismatches: [expected] });
  });
}

test('every differing field is named, on every document', () => {
  const d = documents();
  d.order.ebcCode = '4101000009';
  d.payment.amountPaid = '1.00';
  d.waybill.consignee = '王五';
  d.inventory.buyerName = '李四';
  const result = matchDocuments(d);
  assert.equal(result.ok, false);
  assert.deepEqual(result.mismatches.map((m) => `${m.document}.${m.field}`), [
    'ORDER.ebcCode', 'ORDER.buyerName', 'PAYMENT.payerName', 'PAYMENT.amountPaid', 'WAYBILL.consignee',
  ]);
});

test('addresses are masked after their first six characters', () => {
  assert.equal(maskAddress('河南省郑州市金水区农业路1号'), '河南省郑州市********');
  assert.equal(maskAddress('短地址'), '***');
});
