import { maskIdNumber, maskName, maskPhone } from '@sw/kernel';
import { DocumentKind } from '../common/enums';
import { equalDecimals } from '../reference';

/** The fields of each document the three-document match (三单对碰) reads, in plain text. */
export interface MatchInventory {
  orderNo: string;
  ebpCode: string;
  ebcCode: string;
  logisticsCode: string;
  logisticsNo: string;
  buyerIdType: string | null;
  buyerIdNumber: string | null;
  buyerName: string | null;
  consigneeAddress: string | null;
  goodsValue: string;
  currency: string;
}

export interface MatchOrder {
  orderNo: string;
  ebpCode: string;
  ebcCode: string;
  buyerIdType: string | null;
  buyerIdNumber: string | null;
  buyerName: string | null;
  goodsValue: string;
  actualPaid: string;
  currency: string;
  consignee: string | null;
  consigneeAddress: string | null;
  consigneeTelephone: string | null;
}

export interface MatchPayment {
  orderNo: string;
  ebpCode: string;
  payerIdType: string | null;
  payerIdNumber: string | null;
  payerName: string | null;
  amountPaid: string;
  currency: string;
}

export interface MatchWaybill {
  orderNo: string;
  logisticsCode: string;
  logisticsNo: string;
  consignee: string | null;
  consigneeAddress: string | null;
  consigneeTelephone: string | null;
}

export interface MatchDocuments {
  inventory: MatchInventory;
  order: MatchOrder;
  payment: MatchPayment;
  waybill: MatchWaybill;
}

/** One differing field: `document` holds `actual` where `expected` was due. Personal values are masked. */
export interface Mismatch {
  field: string;
  document: DocumentKind;
  expected: string | null;
  actual: string | null;
}

export interface MatchResult {
  ok: boolean;
  mismatches: Mismatch[];
}

type Kind = 'text' | 'money' | 'idNumber' | 'name' | 'phone' | 'address';

const MASKS: Record<Kind, (value: string) => string> = {
  text: (value) => value,
  money: (value) => value,
  idNumber: maskIdNumber,
  name: maskName,
  phone: maskPhone,
  address: maskAddress,
};

/** An address keeps its first six characters (province and city, usually) and hides the rest. */
export function maskAddress(address: string): string {
  const chars = [...address];
  return chars.length <= 6 ? '*'.repeat(chars.length) : `${chars.slice(0, 6).join('')}${'*'.repeat(Math.min(chars.length - 6, 8))}`;
}

function same(kind: Kind, a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  if (kind === 'money') return equalDecimals(a, b);
  // Names, phones and addresses are typed by people: spacing differences are not a mismatch.
  if (kind === 'name' || kind === 'phone' || kind === 'address') return a.replace(/\s+/g, '') === b.replace(/\s+/g, '');
  return a === b;
}

/**
 * The three-document match (DESIGN.md): order, payment and waybill against the inventory list. The links
 * are orderNo, ebpCode, ebcCode, logisticsNo, logisticsCode and the buyer's ID fields; the order's
 * actualPaid equals the payment's amountPaid (same currency); the order's consignee, consigneeTelephone
 * and consigneeAddress equal the waybill's. We also hold the inventory to the order it declares: the
 * same goods value, currency and consignee address. Every differing field is named with its document;
 * the reference value (`expected`) is the inventory's for links and the order's for money and consignee.
 * The official notice's full field list was not found; this is the DESIGN.md minimum plus those three.
 */
export function matchDocuments({ inventory, order, payment, waybill }: MatchDocuments): MatchResult {
  const mismatches: Mismatch[] = [];
  const check = (document: DocumentKind, field: string, kind: Kind, expected: string | null, actual: string | null) => {
    if (same(kind, expected, actual)) return;
    mismatches.push({
      field, document,
      expected: expected === null ? null : MASKS[kind](expected),
      actual: actual === null ? null : MASKS[kind](actual),
    });
  };

  check(DocumentKind.ORDER, 'orderNo', 'text', inventory.orderNo, order.orderNo);
  check(DocumentKind.ORDER, 'ebpCode', 'text', inventory.ebpCode, order.ebpCode);
  check(DocumentKind.ORDER, 'ebcCode', 'text', inventory.ebcCode, order.ebcCode);
  check(DocumentKind.ORDER, 'buyerIdType', 'text', inventory.buyerIdType, order.buyerIdType);
  check(DocumentKind.ORDER, 'buyerIdNumber', 'idNumber', inventory.buyerIdNumber, order.buyerIdNumber);
  check(DocumentKind.ORDER, 'buyerName', 'name', inventory.buyerName, order.buyerName);

  check(DocumentKind.PAYMENT, 'orderNo', 'text', inventory.orderNo, payment.orderNo);
  check(DocumentKind.PAYMENT, 'ebpCode', 'text', inventory.ebpCode, payment.ebpCode);
  // The payer is the buyer (支付人与订购人一致): the payer's ID fields are the buyer's.
  check(DocumentKind.PAYMENT, 'payerIdType', 'text', inventory.buyerIdType, payment.payerIdType);
  check(DocumentKind.PAYMENT, 'payerIdNumber', 'idNumber', inventory.buyerIdNumber, payment.payerIdNumber);
  check(DocumentKind.PAYMENT, 'payerName', 'name', inventory.buyerName, payment.payerName);
  check(DocumentKind.PAYMENT, 'amountPaid', 'money', order.actualPaid, payment.amountPaid);
  check(DocumentKind.PAYMENT, 'currency', 'text', order.currency, payment.currency);

  check(DocumentKind.WAYBILL, 'orderNo', 'text', inventory.orderNo, waybill.orderNo);
  check(DocumentKind.WAYBILL, 'logisticsCode', 'text', inventory.logisticsCode, waybill.logisticsCode);
  check(DocumentKind.WAYBILL, 'logisticsNo', 'text', inventory.logisticsNo, waybill.logisticsNo);
  check(DocumentKind.WAYBILL, 'consignee', 'name', order.consignee, waybill.consignee);
  check(DocumentKind.WAYBILL, 'consigneeTelephone', 'phone', order.consigneeTelephone, waybill.consigneeTelephone);
  check(DocumentKind.WAYBILL, 'consigneeAddress', 'address', order.consigneeAddress, waybill.consigneeAddress);

  check(DocumentKind.INVENTORY, 'goodsValue', 'money', order.goodsValue, inventory.goodsValue);
  check(DocumentKind.INVENTORY, 'currency', 'text', order.currency, inventory.currency);
  check(DocumentKind.INVENTORY, 'consigneeAddress', 'address', order.consigneeAddress, inventory.consigneeAddress);

  return { ok: mismatches.length === 0, mismatches };
}
