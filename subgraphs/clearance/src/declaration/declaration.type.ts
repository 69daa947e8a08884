import { connectionTypes } from '@sw/kernel';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { ClearanceStatus, DocumentChangeKind, DocumentKind, ReceiptOutcome } from '../common/enums';
import { DateScalar, DecimalScalar } from '../common/scalars';

@ObjectType({ description: 'A CBEC declaration: the inventory list (清单) customs clears, matched with its order, payment and waybill.' })
@Directive('@key(fields: "id")')
export class Declaration {
  @Field(() => ID) id: string;
  @Field({ description: 'The enterprise\'s own number of the inventory list (copNo).' }) copNo: string;
  @Field() orderNo: string;
  @Field(() => ClearanceStatus) status: ClearanceStatus;
  @Field({ description: 'Customs code of the e-commerce enterprise (ebcCode).' }) ebcCode: string;
  @Field({ description: 'Customs code of the e-commerce platform (ebpCode).' }) ebpCode: string;
  @Field({ description: 'Customs code of the logistics enterprise (logisticsCode).' }) logisticsCode: string;
  @Field({ description: 'The waybill number (logisticsNo).' }) logisticsNo: string;
  @Field(() => String, { nullable: true, description: 'Customs code of the customs broker (agentCode).' }) agentCode: string | null;
  @Field(() => String, { nullable: true, description: 'The last customs receipt code (CEB622), kept beside the status.' }) receiptCode: string | null;
  @Field(() => DecimalScalar, { description: 'Sum of the lines\' totalPrice, in `currency`.' }) goodsValue: string;
  @Field(() => DecimalScalar) freight: string;
  @Field(() => DecimalScalar) insuredFee: string;
  @Field({ description: 'ISO 4217.' }) currency: string;
  @Field(() => Int, { description: 'Goes up with every amendment of the inventory list.' }) version: number;
  @Field() declaredAt: Date;
  @Field() updatedAt: Date;
}

@ObjectType({ description: 'One transition of the clearance status machine, with the customs receipt code that drove it.' })
export class StatusChange {
  @Field(() => ClearanceStatus, { nullable: true, description: 'Null for the declaration\'s first status.' }) from: ClearanceStatus | null;
  @Field(() => ClearanceStatus) to: ClearanceStatus;
  @Field() at: Date;
  @Field() actor: string;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field(() => String, { nullable: true }) receiptCode: string | null;
}

@ObjectType({ description: 'A field that differs between the documents: `document` holds `actual` where `expected` was due. Personal values are masked.' })
export class Mismatch {
  @Field() field: string;
  @Field(() => DocumentKind) document: DocumentKind;
  @Field(() => String, { nullable: true }) expected: string | null;
  @Field(() => String, { nullable: true }) actual: string | null;
}

@ObjectType({ description: 'The three-document match (三单对碰) of order, payment and waybill with the inventory list.' })
export class MatchResult {
  @Field() ok: boolean;
  @Field(() => [Mismatch]) mismatches: Mismatch[];
  @Field({ description: 'When the match last ran.' }) at: Date;
}

@ObjectType({ description: 'The CBEC import tax of a B2C retail import, in CNY (财关税〔2016〕18号, 〔2018〕49号).' })
export class ImportTax {
  @Field(() => DecimalScalar, { description: 'Dutiable value: goods + freight + insurance in CNY at the customs rate.' }) dutiable: string;
  @Field(() => DecimalScalar) tariff: string;
  @Field(() => DecimalScalar) vat: string;
  @Field(() => DecimalScalar) consumptionTax: string;
  @Field(() => DecimalScalar) total: string;
}

@ObjectType({ description: 'What a B2C import counts toward its buyer\'s annual quota (26,000 CNY per calendar year).' })
export class QuotaContribution {
  @Field(() => Int, { description: 'The calendar year (Asia/Shanghai).' }) year: number;
  @Field(() => DecimalScalar, { description: 'The transaction\'s dutiable value in CNY.' }) amount: string;
  @Field({ description: 'False once customs rejected or returned the goods: the amount no longer counts.' }) counted: boolean;
}

@ObjectType({ description: 'A goods line of the inventory list (InventoryList).' })
export class InventoryItem {
  @Field(() => Int) gnum: number;
  @Field(() => String, { nullable: true }) itemRecordNo: string | null;
  @Field(() => String, { nullable: true }) itemNo: string | null;
  @Field(() => String, { nullable: true }) itemName: string | null;
  @Field() gcode: string;
  @Field() gname: string;
  @Field(() => String, { nullable: true }) gmodel: string | null;
  @Field(() => String, { nullable: true }) barCode: string | null;
  @Field() country: string;
  @Field(() => String, { nullable: true }) tradeCountry: string | null;
  @Field(() => DecimalScalar) qty: string;
  @Field() unit: string;
  @Field(() => DecimalScalar) qty1: string;
  @Field() unit1: string;
  @Field(() => DecimalScalar, { nullable: true }) qty2: string | null;
  @Field(() => String, { nullable: true }) unit2: string | null;
  @Field(() => DecimalScalar) price: string;
  @Field(() => DecimalScalar) totalPrice: string;
  @Field() currency: string;
}

@ObjectType({ description: 'The head fields of the inventory list the Single Window keeps as declared.' })
export class InventoryHeadFields {
  @Field(() => String, { nullable: true }) preNo: string | null;
  @Field(() => String, { nullable: true }) invtNo: string | null;
  @Field(() => String, { nullable: true }) assureCode: string | null;
  @Field(() => String, { nullable: true }) emsNo: string | null;
  @Field(() => DateScalar) declTime: Date;
  @Field(() => String, { nullable: true }) customsCode: string | null;
  @Field(() => String, { nullable: true }) portCode: string | null;
  @Field(() => DateScalar, { nullable: true }) ieDate: Date | null;
  @Field(() => String, { nullable: true }) areaCode: string | null;
  @Field() tradeMode: string;
  @Field(() => String, { nullable: true }) trafMode: string | null;
  @Field(() => String, { nullable: true }) billNo: string | null;
  @Field(() => DecimalScalar, { nullable: true }) grossWeight: string | null;
  @Field(() => DecimalScalar, { nullable: true }) netWeight: string | null;
  @Field() country: string;
}

@ObjectType({ description: 'A customs receipt (回执) and what it did.' })
export class CustomsReceipt {
  @Field(() => ID) receiptId: string;
  @Field() code: string;
  @Field(() => String, { nullable: true }) message: string | null;
  @Field() issuedAt: Date;
  @Field() receivedAt: Date;
  @Field(() => ReceiptOutcome) outcome: ReceiptOutcome;
  @Field(() => String, { nullable: true }) note: string | null;
}

@ObjectType({ description: 'A submission or amendment of a document: which input fields changed, who and when.' })
export class DocumentChange {
  @Field(() => DocumentKind) document: DocumentKind;
  @Field(() => DocumentChangeKind) kind: DocumentChangeKind;
  @Field(() => [String], { description: 'Input fields that changed (amendments).' }) changed: string[];
  @Field(() => Int) version: number;
  @Field() actor: string;
  @Field() at: Date;
}

@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
export class Person {
  @Field(() => ID) id: string;
}

@ObjectType({ description: 'The buyer (or payer) on a document; personal data is masked unless reveal: true is asked by a caller holding pii:read (audit-logged).' })
export class Buyer {
  @Field({ description: '1 resident ID (居民身份证), 2 other ID document.' }) idType: string;
}

export const DeclarationConnection = connectionTypes('Declaration', Declaration);
