import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CreditGrade, CustomsCreditClass, Factor, RiskClass, Supervision, TaxRating } from '../method/method';

/** The stored profile: what every read returns, recomputed only when one of its inputs changes. */
@Entity({ name: 'profiles' })
export class ProfileEntity {
  @PrimaryColumn({ type: 'char', length: 18 }) uscc: string;
  @Column('text') grade: CreditGrade;
  @Column({ name: 'customs_class', type: 'text' }) customsClass: CustomsCreditClass;
  @Column({ name: 'tax_rating', type: 'text', nullable: true }) taxRating: TaxRating | null;
  @Column({ name: 'on_negative_list', type: 'boolean' }) onNegativeList: boolean;
  /** numeric(5,2): TypeORM reads it as a decimal string. */
  @Column('numeric') score: string;
  @Column('jsonb') factors: Factor[];
  @Column('jsonb') supervision: Supervision;
  @Column({ name: 'risk_class', type: 'text' }) riskClass: RiskClass;
  @Column({ name: 'computed_at', type: 'timestamptz' }) computedAt: Date;
  @Column({ name: 'refresh_due_at', type: 'timestamptz', nullable: true }) refreshDueAt: Date | null;
  @Column('int') version: number;
}

@Entity({ name: 'grade_changes' })
export class GradeChangeEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment' }) id: string;
  @Column({ type: 'char', length: 18 }) uscc: string;
  @Column({ name: 'from_grade', type: 'text', nullable: true }) fromGrade: CreditGrade | null;
  @Column({ name: 'to_grade', type: 'text' }) toGrade: CreditGrade;
  @Column({ name: 'from_class', type: 'text', nullable: true }) fromClass: CustomsCreditClass | null;
  @Column({ name: 'to_class', type: 'text' }) toClass: CustomsCreditClass;
  @Column('numeric') score: string;
  @Column('text') cause: string;
  @Column('timestamptz') at: Date;
}
