import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from './api-key.enums';

/** An issued API key: only the SHA-256 of the key is stored; the key itself was shown once. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'key_hash', type: 'text' }) keyHash: string;
  @Column('text') label: string;
  @Column('text') role: Role;
  @Column({ type: 'char', length: 18, nullable: true }) uscc: string | null;
  @Column('text', { array: true }) scopes: string[];
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt: Date | null;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Column({ name: 'created_by', type: 'text' }) createdBy: string;
}
