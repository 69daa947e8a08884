import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TradeDirection } from '../common/enums';

/** A goods line as stored (validated, money to two places). */
export interface OrderItem {
  gnum: number;
  itemNo: string | null;
  itemName: string;
  gmodel: string | null;
  barCode: string | null;
  qty: string;
  unit: string;
  price: string;
  totalPrice: string;
  currency: string;
  country: string;
}

/** Personal data is sealed (`*Enc`); `buyerPersonId` is the keyed hash of the buyer's ID number. */
@Entity({ name: 'orders' })
export class OrderEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') direction: TradeDirection;
  @Column({ name: 'order_no', type: 'text' }) orderNo: string;
  @Column({ name: 'ebp_code', type: 'char', length: 10 }) ebpCode: string;
  @Column({ name: 'ebc_code', type: 'char', length: 10 }) ebcCode: string;
  @Column({ name: 'goods_value', type: 'numeric' }) goodsValue: string;
  @Column({ type: 'numeric' }) freight: string;
  @Column({ type: 'numeric' }) discount: string;
  @Column({ name: 'tax_total', type: 'numeric' }) taxTotal: string;
  @Column({ name: 'actual_paid', type: 'numeric' }) actualPaid: string;
  @Column({ type: 'char', length: 3 }) currency: string;
  @Column({ name: 'buyer_id_type', type: 'text', nullable: true }) buyerIdType: string | null;
  @Column({ name: 'buyer_person_id', type: 'text', nullable: true }) buyerPersonId: string | null;
  @Column({ name: 'buyer_id_number_enc', type: 'text', nullable: true }) buyerIdNumberEnc: string | null;
  @Column({ name: 'buyer_name_enc', type: 'text', nullable: true }) buyerNameEnc: string | null;
  @Column({ name: 'buyer_telephone_enc', type: 'text', nullable: true }) buyerTelephoneEnc: string | null;
  @Column({ name: 'consignee_enc', type: 'text', nullable: true }) consigneeEnc: string | null;
  @Column({ name: 'consignee_address_enc', type: 'text', nullable: true }) consigneeAddressEnc: string | null;
  @Column({ name: 'consignee_telephone_enc', type: 'text', nullable: true }) consigneeTelephoneEnc: string | null;
  @Column({ name: 'pay_code', type: 'char', length: 10, nullable: true }) payCode: string | null;
  @Column({ name: 'pay_transaction_id', type: 'text', nullable: true }) payTransactionId: string | null;
  @Column('jsonb') items: OrderItem[];
  @Column({ name: 'field_hashes', type: 'jsonb' }) fieldHashes: Record<string, string>;
  @Column('int') version: number;
  @Column({ name: 'submitted_by', type: 'text' }) submittedBy: string;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
