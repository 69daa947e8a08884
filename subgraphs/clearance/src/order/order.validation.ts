import { badInput, optionalPhone, optionalText, requiredText } from '@sw/kernel';
import type { TradeDirection } from '../common/enums';
import {
  optionalCustomsCode, optionalIdentifier, requiredOn, sameCurrency, validAmount, validCountry, validCurrency, validCustomsCode,
  validDirection, validIdentifier, validLines, validLineTotal, validParty, validPrice, validQuantity, validSum, validUnit, type ValidParty,
} from '../common/validate';
import { equalDecimals, expectedActualPaid } from '../reference';
import type { OrderItem } from './order.entity';
import type { OrderInput } from './order.inputs';

/** An order once it passed the edge. */
export interface ValidOrder {
  direction: TradeDirection;
  orderNo: string;
  ebpCode: string;
  ebcCode: string;
  goodsValue: string;
  freight: string;
  discount: string;
  taxTotal: string;
  actualPaid: string;
  currency: string;
  buyer: ValidParty | null;
  consignee: string | null;
  consigneeAddress: string | null;
  consigneeTelephone: string | null;
  payCode: string | null;
  payTransactionId: string | null;
  items: OrderItem[];
}

export function validOrder(input: OrderInput): ValidOrder {
  const direction = validDirection('input.ieFlag', input.ieFlag);
  const currency = validCurrency('input.currency', input.currency);
  const items = validLines('input.items', input.items).map((item, i): OrderItem => {
    const at = `input.items[${i}]`;
    const qty = validQuantity(`${at}.qty`, item.qty);
    const price = validPrice(`${at}.price`, item.price);
    return {
      gnum: item.gnum,
      itemNo: optionalText(`${at}.itemNo`, item.itemNo, 60),
      itemName: requiredText(`${at}.itemName`, item.itemName, 250),
      gmodel: optionalText(`${at}.gmodel`, item.gmodel, 510),
      barCode: optionalText(`${at}.barCode`, item.barCode, 50),
      qty,
      unit: validUnit(`${at}.unit`, item.unit),
      price,
      totalPrice: validLineTotal(`${at}.totalPrice`, qty, price, item.totalPrice),
      currency: sameCurrency(`${at}.currency`, item.currency, currency),
      country: validCountry(`${at}.country`, item.country),
    };
  });
  const goodsValue = validAmount('input.goodsValue', input.goodsValue);
  validSum('input.goodsValue', goodsValue, items.map((item) => item.totalPrice));
  const freight = validAmount('input.freight', input.freight);
  const discount = validAmount('input.discount', input.discount);
  const taxTotal = validAmount('input.taxTotal', input.taxTotal);
  const actualPaid = validAmount('input.actualPaid', input.actualPaid);
  // DESIGN.md, three-document match: acturalPaid = goodsValue + freight + taxTotal − discount, to 0.01.
  const expected = expectedActualPaid(goodsValue, freight, taxTotal, discount);
  if (!equalDecimals(actualPaid, expected)) {
    throw badInput('input.actualPaid', `must be goodsValue + freight + taxTotal − discount = ${expected}, got ${input.actualPaid}`);
  }
  const payCode = optionalCustomsCode('input.payCode', input.payCode);
  return {
    direction,
    orderNo: validIdentifier('input.orderNo', input.orderNo, 60),
    ebpCode: validCustomsCode('input.ebpCode', input.ebpCode),
    ebcCode: validCustomsCode('input.ebcCode', input.ebcCode),
    goodsValue,
    freight,
    discount,
    taxTotal,
    actualPaid,
    currency,
    buyer: validParty(direction, {
      idType: 'input.buyerIdType', idNumber: 'input.buyerIdNumber', name: 'input.buyerName', telephone: 'input.buyerTelephone',
    }, { idType: input.buyerIdType, idNumber: input.buyerIdNumber, name: input.buyerName, telephone: input.buyerTelephone }, true),
    consignee: optionalText('input.consignee', requiredOn(direction, 'input.consignee', input.consignee), 100),
    consigneeAddress: optionalText('input.consigneeAddress', requiredOn(direction, 'input.consigneeAddress', input.consigneeAddress), 500),
    consigneeTelephone: optionalPhone('input.consigneeTelephone', requiredOn(direction, 'input.consigneeTelephone', input.consigneeTelephone)),
    payCode,
    payTransactionId: optionalIdentifier('input.payTransactionId', input.payTransactionId, 60),
    items,
  };
}

/** The order's content field by field, as compared on resubmission (items as one field). */
export function orderFields(order: ValidOrder): Record<string, string> {
  return {
    ieFlag: order.direction, orderNo: order.orderNo, ebpCode: order.ebpCode, ebcCode: order.ebcCode, goodsValue: order.goodsValue,
    freight: order.freight, discount: order.discount, taxTotal: order.taxTotal, actualPaid: order.actualPaid, currency: order.currency,
    buyerIdType: order.buyer?.idType ?? '', buyerIdNumber: order.buyer?.idNumber ?? '', buyerName: order.buyer?.name ?? '',
    buyerTelephone: order.buyer?.telephone ?? '', consignee: order.consignee ?? '', consigneeAddress: order.consigneeAddress ?? '',
    consigneeTelephone: order.consigneeTelephone ?? '', payCode: order.payCode ?? '', payTransactionId: order.payTransactionId ?? '',
    items: JSON.stringify(order.items),
  };
}
