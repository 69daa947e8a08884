import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Region } from '../region/region';
import type { EnterpriseRole, FilingStatus } from './enterprise.enums';

@Entity({ name: 'enterprises' })
export class EnterpriseEntity {
  @PrimaryColumn({ type: 'char', length: 18 }) uscc: string;
  @Column('text') name: string;
  @Column({ name: 'customs_code', type: 'char', length: 10, nullable: true }) customsCode: string | null;
  @Column('text') region: Region;
  @Column('text', { array: true }) roles: EnterpriseRole[];
  /** Personal data of the legal representative, sealed by the PII vault. */
  @Column({ name: 'legal_representative_enc', type: 'text', nullable: true }) legalRepresentativeEnc: string | null;
  @Column({ type: 'text', nullable: true }) address: string | null;
  @Column({ name: 'contact_phone_enc', type: 'text', nullable: true }) contactPhoneEnc: string | null;
  @Column({ name: 'filing_status', type: 'text' }) filingStatus: FilingStatus;
  @Column({ name: 'filed_at', type: 'timestamptz' }) filedAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity({ name: 'qualifications' })
export class QualificationEntity {
  @PrimaryColumn({ type: 'char', length: 18 }) uscc: string;
  @PrimaryColumn('text') agency: string;
  @Column('text') status: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity({ name: 'filing_changes' })
export class FilingChangeEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment' }) id: string;
  @Column({ type: 'char', length: 18 }) uscc: string;
  @Column('text') kind: 'FILED' | 'AMENDED' | 'REVOKED';
  @Column('text', { array: true }) changed: string[];
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column('text') actor: string;
  @Column({ type: 'timestamptz' }) at: Date;
}
