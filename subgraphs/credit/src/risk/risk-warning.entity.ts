import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RiskSeverity, WarningKind } from '../method/method';

/** A risk warning; open while its cause holds (METHOD.md, Risk class and warnings). */
@Entity({ name: 'risk_warnings' })
export class RiskWarningEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment' }) id: string;
  @Column({ type: 'char', length: 18 }) uscc: string;
  @Column('text') kind: WarningKind;
  @Column('text') severity: RiskSeverity;
  @Column({ name: 'source_ref', type: 'text' }) sourceRef: string;
  @Column('text') evidence: string;
  @Column({ name: 'raised_at', type: 'timestamptz' }) raisedAt: Date;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
}
