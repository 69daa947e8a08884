import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Region } from '../region/region';

/**
 * An individual e-merchant; every personal field is sealed by the PII vault, the id is a keyed hash of the ID number.
 * Past the retention period the sealed fields are erased (null) and `anonymisedAt` is set; id and region stay.
 */
@Entity({ name: 'persons' })
export class PersonEntity {
  @PrimaryColumn('text') id: string;
  @Column({ name: 'name_enc', type: 'text', nullable: true }) nameEnc: string | null;
  @Column({ name: 'id_number_enc', type: 'text', nullable: true }) idNumberEnc: string | null;
  @Column({ name: 'phone_enc', type: 'text', nullable: true }) phoneEnc: string | null;
  @Column('text') region: Region;
  @Column({ name: 'filed_at', type: 'timestamptz' }) filedAt: Date;
  @Column({ name: 'anonymised_at', type: 'timestamptz', nullable: true }) anonymisedAt: Date | null;
}
