import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ClearanceStatus, DocumentKind, TradeDirection } from '../common/enums';

/** A goods line of the inventory list as stored (validated, money to two places). */
export interface InventoryItem {
  gnum: number;
  itemRecordNo: string | null;
  itemNo: string | null;
  itemName: string | null;
  gcode: string;
  gname: string;
  gmodel: string | null;
  barCode: string | null;
  country: string;
  tradeCountry: string | null;
  qty: string;
  unit: string;
  qty1: string;
  unit1: string;
  qty2: string | null;
  unit2: string | null;
  price: string;
  totalPrice: string;
  currency: string;
}

/** The head fields of the list that the Single Window keeps as given (optional ones null). */
export interface InventoryHead {
  preNo: string | null;
  invtNo: string | null;
  assureCode: string | null;
  emsNo: string | null;
  declTime: string;
  customsCode: string | null;
  portCode: string | null;
  ieDate: string | null;
  areaCode: string | null;
  tradeMode: string;
  trafMode: string | null;
  billNo: string | null;
  grossWeight: string | null;
  netWeight: string | null;
  country: string;
}

/** The USCC of each enterprise on a declaration, by role (null when the document names none in that role). */
export interface DeclarationParties {
  ECOMMERCE_ENTERPRISE: string;
  ECOMMERCE_PLATFORM: string | null;
  LOGISTICS: string | null;
  PAYMENT: string | null;
  CUSTOMS_BROKER: string | null;
}

export interface StoredMismatch {
  field: string;
  document: DocumentKind;
  expected: string | null;
  actual: string | null;
}

/** Which documents (and versions) a match was run on: an unchanged basis needs no new run. */
export interface MatchBasis {
  inventory: number;
  order: string;
  payment: string;
  waybill: string;
}

export interface StoredMatch {
  ok: boolean;
  mismatches: StoredMismatch[];
  at: string;
  basis: MatchBasis;
}

export interface StoredTax {
  dutiable: string;
  tariff: string;
  vat: string;
  consumptionTax: string;
  total: string;
}

/** The inventory list: the declaration customs clears, with its status, match result, tax and quota contribution. */
@Entity({ name: 'declarations' })
export class DeclarationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') direction: TradeDirection;
  /** The 4-digit tradeMode. */
  @Column('text') mode: string;
  @Column({ name: 'cop_no', type: 'text' }) copNo: string;
  @Column({ name: 'ebc_code', type: 'char', length: 10 }) ebcCode: string;
  @Column({ name: 'ebp_code', type: 'char', length: 10 }) ebpCode: string;
  @Column({ name: 'order_no', type: 'text' }) orderNo: string;
  @Column({ name: 'logistics_code', type: 'char', length: 10 }) logisticsCode: string;
  @Column({ name: 'logistics_no', type: 'text' }) logisticsNo: string;
  @Column({ name: 'agent_code', type: 'char', length: 10, nullable: true }) agentCode: string | null;
  @Column('jsonb') head: InventoryHead;
  @Column({ name: 'buyer_id_type', type: 'text', nullable: true }) buyerIdType: string | null;
  @Column({ name: 'buyer_person_id', type: 'text', nullable: true }) buyerPersonId: string | null;
  @Column({ name: 'buyer_id_number_enc', type: 'text', nullable: true }) buyerIdNumberEnc: string | null;
  @Column({ name: 'buyer_name_enc', type: 'text', nullable: true }) buyerNameEnc: string | null;
  @Column({ name: 'buyer_telephone_enc', type: 'text', nullable: true }) buyerTelephoneEnc: string | null;
  @Column({ name: 'consignee_address_enc', type: 'text', nullable: true }) consigneeAddressEnc: string | null;
  @Column({ type: 'numeric' }) freight: string;
  @Column({ name: 'insured_fee', type: 'numeric' }) insuredFee: string;
  @Column({ type: 'char', length: 3 }) currency: string;
  @Column({ name: 'goods_value', type: 'numeric' }) goodsValue: string;
  @Column('jsonb') items: InventoryItem[];
  @Column({ name: 'field_hashes', type: 'jsonb' }) fieldHashes: Record<string, string>;
  @Column('int') version: number;
  @Column({ name: 'enterprise_uscc', type: 'char', length: 18 }) enterpriseUscc: string;
  @Column({ name: 'platform_uscc', type: 'char', length: 18, nullable: true }) platformUscc: string | null;
  /** USCC of each enterprise on the declaration (or its order and payment) by the role it plays. */
  @Column('jsonb') parties: DeclarationParties;
  /** USCCs of every enterprise on the declaration or its order and payment: tenancy filters on this. */
  @Column({ name: 'party_usccs', type: 'text', array: true }) partyUsccs: string[];
  @Column({ name: 'order_id', type: 'uuid', nullable: true }) orderId: string | null;
  @Column({ name: 'payment_id', type: 'uuid', nullable: true }) paymentId: string | null;
  @Column({ name: 'waybill_id', type: 'uuid', nullable: true }) waybillId: string | null;
  @Column('text') status: ClearanceStatus;
  @Column({ name: 'receipt_code', type: 'text', nullable: true }) receiptCode: string | null;
  @Column({ type: 'jsonb', nullable: true }) match: StoredMatch | null;
  @Column({ type: 'jsonb', nullable: true }) tax: StoredTax | null;
  @Column({ name: 'quota_year', type: 'int', nullable: true }) quotaYear: number | null;
  @Column({ name: 'quota_amount', type: 'numeric', nullable: true }) quotaAmount: string | null;
  @Column({ name: 'quota_counted', type: 'boolean' }) quotaCounted: boolean;
  /** How many times the declaration was handed to customs as MATCHED (appType 1, then 2). */
  @Column({ name: 'customs_version', type: 'int' }) customsVersion: number;
  @Column({ name: 'resend_count', type: 'int' }) resendCount: number;
  @Column({ name: 'submitted_by', type: 'text' }) submittedBy: string;
  @Column({ name: 'declared_at', type: 'timestamptz' }) declaredAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity({ name: 'status_changes' })
export class StatusChangeEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment' }) id: string;
  @Column({ name: 'declaration_id', type: 'uuid' }) declarationId: string;
  @Column({ name: 'from_status', type: 'text', nullable: true }) from: ClearanceStatus | null;
  @Column({ name: 'to_status', type: 'text' }) to: ClearanceStatus;
  @Column('timestamptz') at: Date;
  @Column('text') actor: string;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ name: 'receipt_code', type: 'text', nullable: true }) receiptCode: string | null;
}

@Entity({ name: 'document_changes' })
export class DocumentChangeEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment' }) id: string;
  @Column('text') document: DocumentKind;
  @Column({ name: 'document_id', type: 'uuid' }) documentId: string;
  @Column('text') kind: 'SUBMITTED' | 'AMENDED';
  @Column('text', { array: true }) changed: string[];
  @Column('int') version: number;
  @Column('text') actor: string;
  @Column('timestamptz') at: Date;
}

@Entity({ name: 'receipts' })
export class ReceiptEntity {
  @PrimaryColumn({ name: 'receipt_id', type: 'text' }) receiptId: string;
  @Column({ name: 'declaration_id', type: 'uuid' }) declarationId: string;
  @Column('text') code: string;
  @Column({ type: 'text', nullable: true }) message: string | null;
  @Column({ name: 'issued_at', type: 'timestamptz' }) issuedAt: Date;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
  @Column('text') outcome: 'APPLIED' | 'NO_CHANGE' | 'RESEND' | 'IGNORED';
  @Column({ type: 'text', nullable: true }) note: string | null;
}
