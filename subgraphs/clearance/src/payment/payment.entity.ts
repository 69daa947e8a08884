import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TradeDirection } from '../common/enums';

/** Personal data is sealed (`*Enc`); `payerPersonId` is the keyed hash of the payer's ID number. */
@Entity({ name: 'payments' })
export class PaymentEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') direction: TradeDirection;
  @Column({ name: 'pay_code', type: 'char', length: 10 }) payCode: string;
  @Column({ name: 'pay_transaction_id', type: 'text' }) payTransactionId: string;
  @Column({ name: 'order_no', type: 'text' }) orderNo: string;
  @Column({ name: 'ebp_code', type: 'char', length: 10 }) ebpCode: string;
  @Column({ name: 'payer_id_type', type: 'text', nullable: true }) payerIdType: string | null;
  @Column({ name: 'payer_person_id', type: 'text', nullable: true }) payerPersonId: string | null;
  @Column({ name: 'payer_id_number_enc', type: 'text', nullable: true }) payerIdNumberEnc: string | null;
  @Column({ name: 'payer_name_enc', type: 'text', nullable: true }) payerNameEnc: string | null;
  @Column({ name: 'telephone_enc', type: 'text', nullable: true }) telephoneEnc: string | null;
  @Column({ name: 'amount_paid', type: 'numeric' }) amountPaid: string;
  @Column({ type: 'char', length: 3 }) currency: string;
  @Column({ name: 'pay_time', type: 'timestamptz', nullable: true }) payTime: Date | null;
  @Column({ name: 'field_hashes', type: 'jsonb' }) fieldHashes: Record<string, string>;
  @Column('int') version: number;
  @Column({ name: 'submitted_by', type: 'text' }) submittedBy: string;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
