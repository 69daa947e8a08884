import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { QualityRiskSeverity, QualityRiskSource, QualityRiskStatus } from './quality.type';

/** A reported quality risk and the goods it names; what it reaches through the trace graph is in affected_codes / affected_declarations. */
@Entity({ name: 'quality_risks' })
export class QualityRiskEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') source: QualityRiskSource;
  @Column('text') severity: QualityRiskSeverity;
  @Column('text') title: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'text', nullable: true }) reference: string | null;
  @Column({ name: 'product_ids', type: 'uuid', array: true }) productIds: string[];
  @Column('text', { array: true }) batches: string[];
  @Column('text', { array: true }) codes: string[];
  /** USCCs of the enterprises that answer for the goods: the owners of the products (by id or GTIN). */
  @Column('text', { array: true }) enterprises: string[];
  @Column('text') status: QualityRiskStatus;
  @Column({ name: 'reported_by', type: 'text' }) reportedBy: string;
  @Column({ name: 'reporter_uscc', type: 'char', length: 18, nullable: true }) reporterUscc: string | null;
  @Column({ name: 'reported_at', type: 'timestamptz' }) reportedAt: Date;
}

/** A recall issued on a risk (one per risk), with the goods it reached when issued. */
@Entity({ name: 'recalls' })
export class RecallEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'risk_id', type: 'uuid' }) riskId: string;
  @Column('text') reason: string;
  @Column({ type: 'text', nullable: true }) instructions: string | null;
  @Column({ name: 'issued_by', type: 'text' }) issuedBy: string;
  @Column({ name: 'issuer_uscc', type: 'char', length: 18, nullable: true }) issuerUscc: string | null;
  @Column({ name: 'issued_at', type: 'timestamptz' }) issuedAt: Date;
}
