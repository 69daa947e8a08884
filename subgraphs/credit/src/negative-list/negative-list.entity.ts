import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One listing of a subject on the negative list; a subject has at most one open listing. */
@Entity({ name: 'negative_list' })
export class NegativeListEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment' }) id: string;
  @Column({ type: 'char', length: 18 }) uscc: string;
  @Column('text') reason: string;
  @Column('text') authority: string;
  /** `date` columns come back as YYYY-MM-DD strings. */
  @Column({ name: 'listed_on', type: 'date' }) listedOn: string;
  @Column({ name: 'listed_at', type: 'timestamptz' }) listedAt: Date;
  @Column({ name: 'listed_by', type: 'text' }) listedBy: string;
  @Column({ name: 'delisted_on', type: 'date', nullable: true }) delistedOn: string | null;
  @Column({ name: 'delisted_at', type: 'timestamptz', nullable: true }) delistedAt: Date | null;
  @Column({ name: 'delisted_by', type: 'text', nullable: true }) delistedBy: string | null;
  @Column({ name: 'delist_reason', type: 'text', nullable: true }) delistReason: string | null;
  @Column({ name: 'delist_authority', type: 'text', nullable: true }) delistAuthority: string | null;
}
