import { connectionTypes } from '@sw/kernel';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { WarehouseKind, WarehouseService, WarehouseStatus } from '../common/enums';
import { Enterprise } from '../enterprise/enterprise.type';

@ObjectType({ description: 'A change of a warehouse\'s status.' })
export class WarehouseStatusChange {
  @Field(() => WarehouseStatus, { nullable: true, description: 'Null for the registration.' }) from: WarehouseStatus | null;
  @Field(() => WarehouseStatus) to: WarehouseStatus;
  @Field() at: Date;
  @Field(() => String, { nullable: true }) reason: string | null;
}

@ObjectType({ description: 'A warehouse in the pilot zone\'s register (bonded, public or private overseas). The register is published: every authenticated caller reads it.' })
export class Warehouse {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => ID, { description: 'USCC of the enterprise that runs it.' }) operatorUscc: string;
  @Field(() => Enterprise, { description: 'The enterprise that runs it (from the registry).' }) operator: Enterprise;
  @Field(() => WarehouseKind) kind: WarehouseKind;
  @Field({ description: 'ISO 3166-1 alpha-2.' }) country: string;
  @Field() city: string;
  @Field(() => String, { nullable: true }) address: string | null;
  @Field(() => Float, { description: 'Floor area in square metres.' }) areaM2: number;
  @Field(() => [WarehouseService]) services: WarehouseService[];
  @Field(() => WarehouseStatus) status: WarehouseStatus;
  @Field(() => String, { nullable: true, description: 'Why it has its status (null while ACTIVE since registration).' }) statusReason: string | null;
  @Field({ description: 'When it took its status.' }) statusChangedAt: Date;
  @Field() registeredAt: Date;
  @Field(() => [WarehouseStatusChange], { description: 'Its statuses, oldest first, from the registration on.' }) statusHistory: WarehouseStatusChange[];
}

export const WarehouseConnection = connectionTypes('Warehouse', Warehouse);
