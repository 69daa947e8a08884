import { badInput, optionalPhone, optionalText } from '@sw/kernel';
import type { TradeDirection } from '../common/enums';
import {
  optionalIdentifier, requiredOn, validAmount, validCurrency, validCustomsCode, validDirection, validIdentifier, validWeight,
} from '../common/validate';
import type { WaybillInput } from './waybill.inputs';

/** A waybill once it passed the edge. */
export interface ValidWaybill {
  direction: TradeDirection;
  logisticsCode: string;
  logisticsNo: string;
  orderNo: string;
  billNo: string | null;
  freight: string;
  insuredFee: string;
  currency: string;
  weight: string;
  packNo: number;
  consignee: string | null;
  consigneeAddress: string | null;
  consigneeTelephone: string | null;
}

export function validWaybill(input: WaybillInput): ValidWaybill {
  const direction = validDirection('input.ieFlag', input.ieFlag);
  const packNo = input.packNo ?? 1;
  if (!Number.isInteger(packNo) || packNo < 1 || packNo > 99_999) throw badInput('input.packNo', `must be a whole number of packages from 1, got ${packNo}`);
  return {
    direction,
    logisticsCode: validCustomsCode('input.logisticsCode', input.logisticsCode),
    logisticsNo: validIdentifier('input.logisticsNo', input.logisticsNo, 60),
    orderNo: validIdentifier('input.orderNo', input.orderNo, 60),
    billNo: optionalIdentifier('input.billNo', input.billNo, 37),
    freight: validAmount('input.freight', input.freight),
    insuredFee: validAmount('input.insuredFee', input.insuredFee),
    currency: validCurrency('input.currency', input.currency),
    weight: validWeight('input.weight', input.weight),
    packNo,
    consignee: optionalText('input.consignee', requiredOn(direction, 'input.consignee', input.consignee), 100),
    consigneeAddress: optionalText('input.consigneeAddress', requiredOn(direction, 'input.consigneeAddress', input.consigneeAddress), 500),
    consigneeTelephone: optionalPhone('input.consigneeTelephone', requiredOn(direction, 'input.consigneeTelephone', input.consigneeTelephone)),
  };
}

export function waybillFields(waybill: ValidWaybill): Record<string, string> {
  return {
    ieFlag: waybill.direction, logisticsCode: waybill.logisticsCode, logisticsNo: waybill.logisticsNo, orderNo: waybill.orderNo,
    billNo: waybill.billNo ?? '', freight: waybill.freight, insuredFee: waybill.insuredFee, currency: waybill.currency,
    weight: waybill.weight, packNo: String(waybill.packNo), consignee: waybill.consignee ?? '',
    consigneeAddress: waybill.consigneeAddress ?? '', consigneeTelephone: waybill.consigneeTelephone ?? '',
  };
}
