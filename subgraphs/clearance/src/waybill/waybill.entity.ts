import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TradeDirection } from '../common/enums';

/** The consignee's data is sealed (`*Enc`). */
@Entity({ name: 'waybills' })
export class WaybillEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') direction: TradeDirection;
  @Column({ name: 'logistics_code', type: 'char', length: 10 }) logisticsCode: string;
  @Column({ name: 'logistics_no', type: 'text' }) logisticsNo: string;
  @Column({ name: 'order_no', type: 'text' }) orderNo: string;
  @Column({ name: 'bill_no', type: 'text', nullable: true }) billNo: string | null;
  @Column({ type: 'numeric' }) freight: string;
  @Column({ name: 'insured_fee', type: 'numeric' }) insuredFee: string;
  @Column({ type: 'char', length: 3 }) currency: string;
  @Column({ type: 'numeric' }) weight: string;
  @Column({ name: 'pack_no', type: 'int' }) packNo: number;
  @Column({ name: 'consignee_enc', type: 'text', nullable: true }) consigneeEnc: string | null;
  @Column({ name: 'consignee_address_enc', type: 'text', nullable: true }) consigneeAddressEnc: string | null;
  @Column({ name: 'consignee_telephone_enc', type: 'text', nullable: true }) consigneeTelephoneEnc: string | null;
  @Column({ name: 'field_hashes', type: 'jsonb' }) fieldHashes: Record<string, string>;
  @Column('int') version: number;
  @Column({ name: 'submitted_by', type: 'text' }) submittedBy: string;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
