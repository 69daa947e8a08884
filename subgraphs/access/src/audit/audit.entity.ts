import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One audit entry; the table refuses updates and deletes, and each hash covers the previous one. */
@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  /** bigint: TypeORM reads it as a decimal string. */
  @PrimaryColumn('bigint') seq: string;
  @Column('uuid') id: string;
  @Column('timestamptz') at: Date;
  @Column('text') actor: string;
  @Column('text') action: string;
  @Column('text') subject: string;
  @Column('jsonb') detail: Record<string, unknown>;
  @Column({ name: 'prev_hash', type: 'text' }) prevHash: string;
  @Column('text') hash: string;
}
