import { Field, ID, InputType, Int } from 'type-graphql';
import { ClearanceStatus, TradeDirection } from '../common/enums';
import { DateScalar, DecimalScalar } from '../common/scalars';

/** A goods line of the inventory list (CEB621 InventoryList / CEB603 InventoryList). */
@InputType({ description: 'A goods line of the inventory list: the XML InventoryList element, field for field.' })
export class InventoryItemInput {
  @Field(() => Int, { description: 'Line number from 1 (gnum).' }) gnum: number;
  @Field(() => String, { nullable: true, description: 'Bonded account-book item number, for 1210/1239 (itemRecordNo).' }) itemRecordNo?: string | null;
  @Field(() => String, { nullable: true, description: 'The enterprise\'s item number (itemNo).' }) itemNo?: string | null;
  @Field(() => String, { nullable: true, description: 'Trade name of the goods (itemName).' }) itemName?: string | null;
  @Field({ description: '10-digit commodity code: 8-digit tariff line + 2 supplementary digits (gcode).' }) gcode: string;
  @Field({ description: 'Declared name of the goods (gname).' }) gname: string;
  @Field(() => String, { nullable: true, description: 'Model, specification (gmodel).' }) gmodel?: string | null;
  @Field(() => String, { nullable: true, description: 'Bar code (barCode).' }) barCode?: string | null;
  @Field({ description: 'Country of origin, ISO 3166-1 alpha-2 (country).' }) country: string;
  @Field(() => String, { nullable: true, description: 'Trading country, ISO 3166-1 alpha-2 (tradeCountry).' }) tradeCountry?: string | null;
  @Field(() => DecimalScalar, { description: 'Declared quantity, positive (qty).' }) qty: string;
  @Field({ description: '3-digit customs unit code of qty (unit).' }) unit: string;
  @Field(() => DecimalScalar, { description: 'Quantity in the first legal unit (qty1).' }) qty1: string;
  @Field({ description: '3-digit customs code of the first legal unit (unit1).' }) unit1: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'Quantity in the second legal unit, when the tariff line has one (qty2).' }) qty2?: string | null;
  @Field(() => String, { nullable: true, description: '3-digit customs code of the second legal unit (unit2).' }) unit2?: string | null;
  @Field(() => DecimalScalar, { description: 'Unit price, positive (price).' }) price: string;
  @Field(() => DecimalScalar, { description: 'qty × price, to 0.01 (totalPrice).' }) totalPrice: string;
  @Field(() => String, { nullable: true, description: 'ISO 4217; the list\'s currency when omitted (currency).' }) currency?: string | null;
}

/**
 * The inventory list (CEB621 import, CEB603 export): the declaration customs clears. Submitted by the
 * e-commerce enterprise or its customs broker. The fields the Single Window fills itself are optional.
 */
@InputType({ description: 'The inventory list (清单; CEB621 import, CEB603 export): the declaration. Idempotency key: (ebcCode, copNo).' })
export class InventoryInput {
  @Field({ description: 'The enterprise\'s own number of the list (copNo).' }) copNo: string;
  @Field(() => String, { nullable: true, description: 'Pre-entry number; the Single Window assigns it (preNo).' }) preNo?: string | null;
  @Field(() => String, { nullable: true, description: 'Customs list number; customs assigns it (invtNo).' }) invtNo?: string | null;
  @Field({ description: 'The order declared (orderNo).' }) orderNo: string;
  @Field({ description: 'Customs code of the e-commerce platform (ebpCode).' }) ebpCode: string;
  @Field({ description: 'Customs code of the e-commerce enterprise (ebcCode).' }) ebcCode: string;
  @Field({ description: 'Customs code of the logistics enterprise (logisticsCode).' }) logisticsCode: string;
  @Field({ description: 'The waybill number (logisticsNo).' }) logisticsNo: string;
  @Field(() => String, { nullable: true, description: 'Customs code of the guaranteeing enterprise (assureCode).' }) assureCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Bonded account-book number, for 1210/1239 (emsNo).' }) emsNo?: string | null;
  @Field(() => String, { nullable: true, description: 'Customs code of the declaring customs broker (agentCode).' }) agentCode?: string | null;
  @Field(() => String, { nullable: true, defaultValue: 'I', description: 'I import (default) or E export (ieFlag).' }) ieFlag?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Declaration date; today when omitted (declTime).' }) declTime?: Date | null;
  @Field(() => String, { nullable: true, description: '4-digit declaring customs office, not an enterprise code (customsCode).' }) customsCode?: string | null;
  @Field(() => String, { nullable: true, description: '4-digit customs office of the port of entry or exit (portCode).' }) portCode?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Date of import or export (ieDate).' }) ieDate?: Date | null;
  @Field(() => String, { nullable: true, description: 'Customs code of the enterprise in the special zone, for 1210/1239 (areaCode).' }) areaCode?: string | null;
  @Field({ description: 'Supervision mode: 9610, 9710, 9810, 1210 or 1239 (tradeMode).' }) tradeMode: string;
  @Field(() => String, { nullable: true, description: 'Customs transport mode code, e.g. 5 air (trafMode).' }) trafMode?: string | null;
  @Field(() => String, { nullable: true, description: 'Bill of lading / air waybill number (billNo).' }) billNo?: string | null;
  @Field(() => String, { nullable: true, description: 'Buyer ID type: 1 resident ID, 2 other (buyerIdType). Required on import.' }) buyerIdType?: string | null;
  @Field(() => String, { nullable: true, description: 'Buyer ID number (buyerIdNumber). Required on import.' }) buyerIdNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'Buyer name (buyerName). Required on import.' }) buyerName?: string | null;
  @Field(() => String, { nullable: true, description: 'Buyer telephone (buyerTelephone). Required on import.' }) buyerTelephone?: string | null;
  @Field(() => String, { nullable: true, description: 'Consignee address (consigneeAddress). Required on import.' }) consigneeAddress?: string | null;
  @Field(() => DecimalScalar, { nullable: true, defaultValue: '0', description: 'Freight (freight).' }) freight?: string | null;
  @Field(() => DecimalScalar, { nullable: true, defaultValue: '0', description: 'Insurance fee (insuredFee).' }) insuredFee?: string | null;
  @Field(() => String, { nullable: true, defaultValue: 'CNY', description: 'ISO 4217 (currency).' }) currency?: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Gross weight in kg (grossWeight).' }) grossWeight?: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Net weight in kg (netWeight).' }) netWeight?: string | null;
  @Field({ description: 'Country of departure (import) or destination (export), ISO 3166-1 alpha-2 (country).' }) country: string;
  @Field(() => [InventoryItemInput]) items: InventoryItemInput[];
}

@InputType()
export class DeclarationFilter {
  @Field(() => String, { nullable: true }) orderNo?: string | null;
  @Field(() => String, { nullable: true }) copNo?: string | null;
  @Field(() => ID, { nullable: true, description: 'USCC of an enterprise on the declaration in any role.' }) enterprise?: string | null;
  @Field(() => TradeDirection, { nullable: true }) direction?: TradeDirection | null;
  @Field(() => [ClearanceStatus], { nullable: true }) statuses?: ClearanceStatus[] | null;
  @Field(() => Date, { nullable: true, description: 'Declared at or after this instant.' }) from?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Declared before this instant.' }) to?: Date | null;
}

/** A customs receipt entered by hand (tests, manual operation); regulators only. */
@InputType({ description: 'A CEB622-style customs receipt for a declaration (regulators only).' })
export class CustomsReceiptInput {
  @Field(() => ID) declarationId: string;
  @Field({ description: 'Receipt code: 1 2 3 4 100 120 300 399 500 599 700 800 899, or a negative processing-error code.' }) code: string;
  @Field(() => String, { nullable: true, description: 'The receipt\'s message (returnInfo).' }) message?: string | null;
  @Field(() => ID, { nullable: true, description: 'Customs\' id of the receipt; a receipt with the same id is applied once. Generated when omitted.' }) receiptId?: string | null;
  @Field(() => Date, { nullable: true, description: 'When customs issued it (returnTime); now when omitted.' }) issuedAt?: Date | null;
}
