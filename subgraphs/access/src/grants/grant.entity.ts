import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DataScope } from './grant.enums';

/** A consent grant: `uscc` lets `partnerUscc` read `scopes` of its data until `until`, unless revoked. */
@Entity({ name: 'data_access_grants' })
export class GrantEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'char', length: 18 }) uscc: string;
  @Column({ name: 'partner_uscc', type: 'char', length: 18 }) partnerUscc: string;
  @Column('text', { array: true }) scopes: DataScope[];
  @Column({ type: 'timestamptz' }) until: Date;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'created_by', type: 'text' }) createdBy: string;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Column({ name: 'revoked_by', type: 'text', nullable: true }) revokedBy: string | null;
}
