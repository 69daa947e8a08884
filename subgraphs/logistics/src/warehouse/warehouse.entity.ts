import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { WarehouseKind, WarehouseService, WarehouseStatus } from '../common/enums';

@Entity({ name: 'warehouses' })
export class WarehouseEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  /** The name folded for comparisons (see common/validate.ts `folded`). */
  @Column({ name: 'name_key', type: 'text' }) nameKey: string;
  @Column({ name: 'operator_uscc', type: 'char', length: 18 }) operatorUscc: string;
  @Column('text') kind: WarehouseKind;
  @Column({ type: 'char', length: 2 }) country: string;
  @Column('text') city: string;
  @Column({ name: 'city_key', type: 'text' }) cityKey: string;
  @Column({ type: 'text', nullable: true }) address: string | null;
  /** numeric(12, 2), read as a decimal string. */
  @Column({ name: 'area_m2', type: 'numeric' }) areaM2: string;
  @Column({ type: 'text', array: true }) services: WarehouseService[];
  @Column('text') status: WarehouseStatus;
  @Column({ name: 'status_reason', type: 'text', nullable: true }) statusReason: string | null;
  @Column({ name: 'status_changed_at', type: 'timestamptz' }) statusChangedAt: Date;
  @Column({ name: 'registered_by', type: 'text' }) registeredBy: string;
  @Column({ name: 'registered_at', type: 'timestamptz' }) registeredAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity({ name: 'warehouse_status_changes' })
export class WarehouseStatusChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'warehouse_id', type: 'uuid' }) warehouseId: string;
  @Column({ name: 'from_status', type: 'text', nullable: true }) from: WarehouseStatus | null;
  @Column({ name: 'to_status', type: 'text' }) to: WarehouseStatus;
  @Column('timestamptz') at: Date;
  @Column('text') actor: string;
  @Column({ type: 'text', nullable: true }) reason: string | null;
}
