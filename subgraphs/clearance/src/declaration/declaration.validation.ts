import { badInput, optionalText, requiredText } from '@sw/kernel';
import { SupervisionMode, TradeDirection, modeOfCode } from '../common/enums';
import {
  optionalCountry, optionalCustomsCode, optionalIdentifier, optionalUnit, optionalWeight, requiredOn, sameCurrency, validAmount,
  validCountry, validCurrency, validCustomsCode, validDirection, validIdentifier, validLines, validLineTotal, validParty, validPrice,
  validQuantity, validUnit, type ValidParty,
} from '../common/validate';
import { compareDecimals, hsCodeProblem, roundAmount, sumDecimals } from '../reference';
import type { InventoryHead, InventoryItem } from './declaration.entity';
import type { InventoryInput } from './declaration.inputs';

/**
 * Which directions each supervision mode allows. 9710 and 9810 are export only (海关总署公告2020年第75号);
 * 1239 is retail import through special supervision zones (公告2016年第75号). 1210 is listed in DESIGN.md
 * without a direction; the official text (公告2014年第57号) applies it to CBEC retail goods entering *or
 * leaving* special supervision zones and bonded sites (进出境), so we follow it and allow both. 9610 is
 * both (公告2014年第12号).
 */
const DIRECTIONS: Record<SupervisionMode, readonly TradeDirection[]> = {
  [SupervisionMode.MODE_9610]: [TradeDirection.IMPORT, TradeDirection.EXPORT],
  [SupervisionMode.MODE_9710]: [TradeDirection.EXPORT],
  [SupervisionMode.MODE_9810]: [TradeDirection.EXPORT],
  [SupervisionMode.MODE_1210]: [TradeDirection.IMPORT, TradeDirection.EXPORT],
  [SupervisionMode.MODE_1239]: [TradeDirection.IMPORT],
};

/** B2C retail imports: the buyer's quota and the CBEC import tax apply (DESIGN.md). */
const B2C_IMPORT_MODES: readonly SupervisionMode[] = [SupervisionMode.MODE_9610, SupervisionMode.MODE_1210, SupervisionMode.MODE_1239];

export function isB2cImport(direction: TradeDirection, mode: SupervisionMode): boolean {
  return direction === TradeDirection.IMPORT && B2C_IMPORT_MODES.includes(mode);
}

/** An inventory list once it passed the edge. */
export interface ValidInventory {
  direction: TradeDirection;
  mode: SupervisionMode;
  copNo: string;
  orderNo: string;
  ebpCode: string;
  ebcCode: string;
  logisticsCode: string;
  logisticsNo: string;
  agentCode: string | null;
  head: InventoryHead;
  /** False when declTime was left to the Single Window (today, or the declaration's own date on a resubmission). */
  declTimeGiven: boolean;
  buyer: ValidParty | null;
  consigneeAddress: string | null;
  freight: string;
  insuredFee: string;
  currency: string;
  goodsValue: string;
  items: InventoryItem[];
}

const OFFICE = /^\d{4}$/;
const TRANSPORT = /^[0-9A-Z]$/;

function optionalOffice(field: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (!OFFICE.test(value)) throw badInput(field, `must be a 4-digit customs office code (关区代码), e.g. 4606, got '${value}'`);
  return value;
}

const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Asia/Shanghai, `YYYY-MM-DD` (API.md: calendar periods are in Asia/Shanghai). */
export function shanghaiDate(instant: Date): string {
  return SHANGHAI_DATE.format(instant);
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

export function validInventory(input: InventoryInput, now: Date): ValidInventory {
  const direction = validDirection('input.ieFlag', input.ieFlag);
  const mode = modeOfCode(input.tradeMode);
  if (!mode) throw badInput('input.tradeMode', `must be a CBEC supervision mode: 9610, 9710, 9810, 1210 or 1239, got '${input.tradeMode}'`);
  if (!DIRECTIONS[mode].includes(direction)) {
    const allowed = DIRECTIONS[mode].map((d) => (d === TradeDirection.IMPORT ? 'I' : 'E')).join(' or ');
    throw badInput('input.tradeMode', `${input.tradeMode} is declared with ieFlag ${allowed} only, got ${direction === TradeDirection.IMPORT ? 'I' : 'E'}`);
  }
  const currency = validCurrency('input.currency', input.currency);
  const items = validLines('input.items', input.items).map((item, i): InventoryItem => {
    const at = `input.items[${i}]`;
    const hsProblem = hsCodeProblem(item.gcode);
    if (hsProblem) throw badInput(`${at}.gcode`, hsProblem);
    const qty = validQuantity(`${at}.qty`, item.qty);
    const price = validPrice(`${at}.price`, item.price);
    const unit2 = optionalUnit(`${at}.unit2`, item.unit2);
    const qty2 = item.qty2 === null || item.qty2 === undefined ? null : validQuantity(`${at}.qty2`, item.qty2);
    if ((qty2 === null) !== (unit2 === null)) {
      throw badInput(qty2 === null ? `${at}.qty2` : `${at}.unit2`, 'qty2 and unit2 go together: give both (the tariff line has a second legal unit) or neither');
    }
    return {
      gnum: item.gnum,
      itemRecordNo: optionalIdentifier(`${at}.itemRecordNo`, item.itemRecordNo, 30),
      itemNo: optionalText(`${at}.itemNo`, item.itemNo, 60),
      itemName: optionalText(`${at}.itemName`, item.itemName, 250),
      gcode: item.gcode,
      gname: requiredText(`${at}.gname`, item.gname, 250),
      gmodel: optionalText(`${at}.gmodel`, item.gmodel, 510),
      barCode: optionalText(`${at}.barCode`, item.barCode, 50),
      country: validCountry(`${at}.country`, item.country),
      tradeCountry: optionalCountry(`${at}.tradeCountry`, item.tradeCountry),
      qty,
      unit: validUnit(`${at}.unit`, item.unit),
      qty1: validQuantity(`${at}.qty1`, item.qty1),
      unit1: validUnit(`${at}.unit1`, item.unit1),
      qty2,
      unit2,
      price,
      totalPrice: validLineTotal(`${at}.totalPrice`, qty, price, item.totalPrice),
      currency: sameCurrency(`${at}.currency`, item.currency, currency),
    };
  });
  const grossWeight = optionalWeight('input.grossWeight', input.grossWeight);
  const netWeight = optionalWeight('input.netWeight', input.netWeight);
  if (grossWeight !== null && netWeight !== null && compareDecimals(netWeight, grossWeight) > 0) {
    throw badInput('input.netWeight', `must not exceed grossWeight ${grossWeight}, got ${netWeight}`);
  }
  const trafMode = input.trafMode === null || input.trafMode === undefined || input.trafMode === '' ? null : input.trafMode;
  if (trafMode !== null && !TRANSPORT.test(trafMode)) throw badInput('input.trafMode', `must be a 1-character customs transport mode code (e.g. 5 air, 2 sea), got '${trafMode}'`);
  const head: InventoryHead = {
    preNo: optionalIdentifier('input.preNo', input.preNo, 18),
    invtNo: optionalIdentifier('input.invtNo', input.invtNo, 18),
    assureCode: optionalIdentifier('input.assureCode', input.assureCode, 30),
    emsNo: optionalIdentifier('input.emsNo', input.emsNo, 30),
    declTime: input.declTime ? isoDate(input.declTime) : shanghaiDate(now),
    customsCode: optionalOffice('input.customsCode', input.customsCode),
    portCode: optionalOffice('input.portCode', input.portCode),
    ieDate: input.ieDate ? isoDate(input.ieDate) : null,
    areaCode: optionalCustomsCode('input.areaCode', input.areaCode),
    tradeMode: input.tradeMode,
    trafMode,
    billNo: optionalIdentifier('input.billNo', input.billNo, 37),
    grossWeight,
    netWeight,
    country: validCountry('input.country', input.country),
  };
  return {
    direction,
    mode,
    copNo: validIdentifier('input.copNo', input.copNo, 20),
    orderNo: validIdentifier('input.orderNo', input.orderNo, 60),
    ebpCode: validCustomsCode('input.ebpCode', input.ebpCode),
    ebcCode: validCustomsCode('input.ebcCode', input.ebcCode),
    logisticsCode: validCustomsCode('input.logisticsCode', input.logisticsCode),
    logisticsNo: validIdentifier('input.logisticsNo', input.logisticsNo, 60),
    agentCode: optionalCustomsCode('input.agentCode', input.agentCode),
    head,
    declTimeGiven: Boolean(input.declTime),
    buyer: validParty(direction, {
      idType: 'input.buyerIdType', idNumber: 'input.buyerIdNumber', name: 'input.buyerName', telephone: 'input.buyerTelephone',
    }, { idType: input.buyerIdType, idNumber: input.buyerIdNumber, name: input.buyerName, telephone: input.buyerTelephone }, true),
    consigneeAddress: optionalText('input.consigneeAddress', requiredOn(direction, 'input.consigneeAddress', input.consigneeAddress), 500),
    freight: validAmount('input.freight', input.freight),
    insuredFee: validAmount('input.insuredFee', input.insuredFee),
    currency,
    goodsValue: roundAmount(sumDecimals(items.map((item) => item.totalPrice))),
    items,
  };
}

export function inventoryFields(inventory: ValidInventory): Record<string, string> {
  const { head } = inventory;
  return {
    ieFlag: inventory.direction, tradeMode: head.tradeMode, copNo: inventory.copNo, orderNo: inventory.orderNo, ebpCode: inventory.ebpCode,
    ebcCode: inventory.ebcCode, logisticsCode: inventory.logisticsCode, logisticsNo: inventory.logisticsNo, agentCode: inventory.agentCode ?? '',
    preNo: head.preNo ?? '', invtNo: head.invtNo ?? '', assureCode: head.assureCode ?? '', emsNo: head.emsNo ?? '', declTime: head.declTime,
    customsCode: head.customsCode ?? '', portCode: head.portCode ?? '', ieDate: head.ieDate ?? '', areaCode: head.areaCode ?? '',
    trafMode: head.trafMode ?? '', billNo: head.billNo ?? '', grossWeight: head.grossWeight ?? '', netWeight: head.netWeight ?? '',
    country: head.country, buyerIdType: inventory.buyer?.idType ?? '', buyerIdNumber: inventory.buyer?.idNumber ?? '',
    buyerName: inventory.buyer?.name ?? '', buyerTelephone: inventory.buyer?.telephone ?? '', consigneeAddress: inventory.consigneeAddress ?? '',
    freight: inventory.freight, insuredFee: inventory.insuredFee, currency: inventory.currency, items: JSON.stringify(inventory.items),
  };
}
