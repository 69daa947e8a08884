import { connectionTypes } from '@sw/kernel';
import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';

export enum ProductStatus { FILED = 'FILED', SUSPENDED = 'SUSPENDED' }
registerEnumType(ProductStatus, {
  name: 'ProductFilingStatus',
  description: 'Where a product filing stands.',
  valuesConfig: {
    FILED: { description: 'Filed (已备案): trace events and declarations may name it.' },
    SUSPENDED: { description: 'The owner\'s enterprise filing was revoked; the product filing no longer counts.' },
  },
});

@ObjectType({ description: 'A product filed with the Single Window by its owner (商品备案); trace codes carrying its GTIN are its items and batches.' })
@Directive('@key(fields: "id")')
export class Product {
  @Field(() => ID) id: string;
  @Field({ description: 'The owner\'s stock-keeping unit; unique per owner.' }) sku: string;
  @Field() name: string;
  @Field(() => String, { description: 'HS code (商品编码): 10 digits, the 8-digit tariff line plus 2 supplementary digits.' }) hsCode: string;
  @Field(() => String, { description: 'Country of origin, ISO 3166-1 alpha-2.' }) originCountry: string;
  @Field(() => String, { nullable: true, description: 'GTIN-8, -12, -13 or -14 as filed (GS1 mod-10 check digit verified).' }) gtin: string | null;
  @Field(() => String, { nullable: true }) brand: string | null;
  @Field(() => String, { nullable: true, description: 'Specification and model (规格型号), as in the customs gmodel.' }) specification: string | null;
  @Field(() => ProductStatus) status: ProductStatus;
  @Field() filedAt: Date;
  @Field() updatedAt: Date;
}

export const ProductConnection = connectionTypes('Product', Product);

@InputType({ description: 'A product to file. An ENTERPRISE caller files for its own USCC; a regulator names the owner.' })
export class ProductInput {
  @Field() sku: string;
  @Field() name: string;
  @Field() hsCode: string;
  @Field() originCountry: string;
  @Field(() => String, { nullable: true }) gtin?: string | null;
  @Field(() => String, { nullable: true }) brand?: string | null;
  @Field(() => String, { nullable: true }) specification?: string | null;
  @Field(() => ID, { nullable: true, description: 'USCC of the owner: the caller\'s own by default (ENTERPRISE), required for a regulator.' })
  owner?: string | null;
}

@InputType()
export class ProductFilter {
  @Field(() => ID, { nullable: true, description: 'USCC of the owner.' }) owner?: string | null;
  @Field(() => String, { nullable: true, description: 'GTIN of any length; compared as GTIN-14.' }) gtin?: string | null;
  @Field(() => String, { nullable: true }) sku?: string | null;
  @Field(() => String, { nullable: true, description: 'Leading digits of the HS code, e.g. 3304 (a heading).' }) hsCodePrefix?: string | null;
  @Field(() => String, { nullable: true, description: 'Case-insensitive part of the name.' }) nameContains?: string | null;
  @Field(() => [ProductStatus], { nullable: true }) statuses?: ProductStatus[] | null;
}
