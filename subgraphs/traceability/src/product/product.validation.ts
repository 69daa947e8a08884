import { badInput, optionalText, requiredText, usccProblem } from '@sw/kernel';
import { gtin14, gtinProblem } from '../common/gs1';
import { countryFormatProblem, hsCodeFormatProblem } from '../common/reference';
import type { ProductFilter, ProductInput } from './product.type';

export interface ValidProduct {
  sku: string;
  name: string;
  hsCode: string;
  originCountry: string;
  gtin: string | null;
  gtin14: string | null;
  brand: string | null;
  specification: string | null;
  owner: string | null;
}

// The edge: a filing passes these before anything is read or written; each failure names the input path.
export function validProduct(input: ProductInput): ValidProduct {
  const sku = requiredText('input.sku', input.sku, 64);
  const hsCode = input.hsCode.trim();
  const hsProblem = hsCodeFormatProblem(hsCode);
  if (hsProblem) throw badInput('input.hsCode', hsProblem);
  const originCountry = input.originCountry.trim();
  const countryProblem = countryFormatProblem(originCountry);
  if (countryProblem) throw badInput('input.originCountry', countryProblem);
  const gtin = optionalGtin('input.gtin', input.gtin);
  return {
    sku,
    name: requiredText('input.name', input.name, 200),
    hsCode,
    originCountry,
    gtin,
    gtin14: gtin === null ? null : gtin14(gtin),
    brand: optionalText('input.brand', input.brand, 100),
    specification: optionalText('input.specification', input.specification, 200),
    owner: optionalUscc('input.owner', input.owner),
  };
}

export function optionalGtin(field: string, value: string | null | undefined): string | null {
  const gtin = value?.trim();
  if (!gtin) return null;
  const problem = gtinProblem(gtin);
  if (problem) throw badInput(field, problem);
  return gtin;
}

export function optionalUscc(field: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const problem = usccProblem(value);
  if (problem) throw badInput(field, problem);
  return value;
}

export interface ValidProductFilter {
  owner: string | null;
  gtin14: string | null;
  sku: string | null;
  hsCodePrefix: string | null;
  nameContains: string | null;
  statuses: string[] | null;
}

export function validProductFilter(filter: ProductFilter | null | undefined): ValidProductFilter {
  const gtin = optionalGtin('filter.gtin', filter?.gtin);
  const prefix = filter?.hsCodePrefix?.trim() || null;
  if (prefix !== null && !/^[0-9]{1,10}$/.test(prefix)) throw badInput('filter.hsCodePrefix', `must be 1 to 10 digits, got '${prefix}'`);
  return {
    owner: optionalUscc('filter.owner', filter?.owner),
    gtin14: gtin === null ? null : gtin14(gtin),
    sku: filter?.sku?.trim() || null,
    hsCodePrefix: prefix,
    nameContains: filter?.nameContains?.trim() || null,
    statuses: filter?.statuses?.length ? filter.statuses : null,
  };
}
