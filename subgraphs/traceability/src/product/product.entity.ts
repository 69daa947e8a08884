import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProductStatus } from './product.type';

/** A product filing (商品备案): one SKU of one owner; a GTIN belongs to one product only. */
@Entity({ name: 'products' })
export class ProductEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'owner_uscc', type: 'char', length: 18 }) ownerUscc: string;
  @Column('text') sku: string;
  @Column('text') name: string;
  @Column({ type: 'text', nullable: true }) brand: string | null;
  @Column({ type: 'text', nullable: true }) specification: string | null;
  @Column({ name: 'hs_code', type: 'char', length: 10 }) hsCode: string;
  @Column({ name: 'origin_country', type: 'char', length: 2 }) originCountry: string;
  /** As filed: 8, 12, 13 or 14 digits. */
  @Column({ type: 'text', nullable: true }) gtin: string | null;
  /** The GTIN left-padded to 14 digits, as trace codes carry it. */
  @Column({ type: 'char', length: 14, nullable: true }) gtin14: string | null;
  @Column('text') status: ProductStatus;
  @Column({ name: 'filed_by', type: 'text' }) filedBy: string;
  @Column({ name: 'filed_at', type: 'timestamptz' }) filedAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
