import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ParcelMilestoneKind } from '../common/enums';

/** One milestone of a waybill; (logisticsCode, logisticsNo, kind, occurredAt) is its identity. */
@Entity({ name: 'parcel_milestones' })
export class ParcelMilestoneEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'logistics_code', type: 'char', length: 10 }) logisticsCode: string;
  @Column({ name: 'logistics_no', type: 'text' }) logisticsNo: string;
  @Column('text') kind: ParcelMilestoneKind;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
  @Column({ type: 'text', nullable: true }) city: string | null;
  @Column({ type: 'char', length: 2, nullable: true }) country: string | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ name: 'carrier_uscc', type: 'char', length: 18 }) carrierUscc: string;
  @Column({ name: 'reported_by', type: 'text' }) reportedBy: string;
  @Column({ name: 'reported_at', type: 'timestamptz' }) reportedAt: Date;
  /** The seq of its logistics.parcel.milestone-reported event (bigint, read as a string): its cursor. */
  @Column({ name: 'event_seq', type: 'bigint' }) eventSeq: string;
}
