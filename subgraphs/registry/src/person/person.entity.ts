import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Region } from '../region/region';

/** An individual e-merchant; every personal field is sealed by the PII vault, the id is a keyed hash of the ID number. */
@Entity({ name: 'persons' })
export class PersonEntity {
  @PrimaryColumn('text') id: string;
  @Column({ name: 'name_enc', type: 'text' }) nameEnc: string;
  @Column({ name: 'id_number_enc', type: 'text' }) idNumberEnc: string;
  @Column({ name: 'phone_enc', type: 'text', nullable: true }) phoneEnc: string | null;
  @Column('text') region: Region;
  @Column({ name: 'filed_at', type: 'timestamptz' }) filedAt: Date;
}
