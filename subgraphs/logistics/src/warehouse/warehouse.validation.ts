import { badInput, optionalText, requiredText, usccProblem } from '@sw/kernel';
import { WarehouseKind, WarehouseService } from '../common/enums';
import { folded, validCountry } from '../common/validate';
import type { WarehouseInput } from './warehouse.inputs';

/** Floor area bounds: a storage room to the largest logistics buildings (about 1 km²), with room to spare. */
export const MIN_AREA_M2 = 0.01;
export const MAX_AREA_M2 = 2_000_000;

/** A warehouse registration once it passed the edge. */
export interface ValidWarehouse {
  name: string;
  nameKey: string;
  operatorUscc: string;
  kind: WarehouseKind;
  country: string;
  city: string;
  cityKey: string;
  address: string | null;
  /** A decimal string with two places. */
  areaM2: string;
  services: WarehouseService[];
}

export function validUscc(field: string, value: string): string {
  const problem = usccProblem(value);
  if (problem) throw badInput(field, problem);
  return value;
}

export function validWarehouse(input: WarehouseInput): ValidWarehouse {
  const name = requiredText('input.name', input.name, 200);
  const operatorUscc = validUscc('input.operatorUscc', input.operatorUscc);
  const country = validCountry('input.country', input.country);
  // A bonded warehouse is a customs-supervised site in China; an overseas warehouse is, by name, abroad
  // (Hong Kong, Macao and Taiwan are outside the mainland customs territory and count as overseas).
  if (input.kind === WarehouseKind.BONDED && country !== 'CN') {
    throw badInput('input.country', `a BONDED warehouse is in China: country must be CN, got ${country}`);
  }
  if (input.kind !== WarehouseKind.BONDED && country === 'CN') {
    throw badInput('input.country', `a ${input.kind} warehouse is outside China: country must not be CN (register a warehouse in China as BONDED)`);
  }
  const city = requiredText('input.city', input.city, 100);
  return {
    name, nameKey: folded(name), operatorUscc, kind: input.kind, country, city, cityKey: folded(city),
    address: optionalText('input.address', input.address, 300),
    areaM2: validArea('input.areaM2', input.areaM2),
    services: validServices(input.services),
  };
}

/** Square metres, kept to 0.01 (half up), as a decimal string. */
export function validArea(field: string, value: number): string {
  if (!Number.isFinite(value)) throw badInput(field, `must be a number of square metres, got ${value}`);
  const hundredths = Math.round(value * 100);
  if (value <= 0 || hundredths < MIN_AREA_M2 * 100) throw badInput(field, `must be more than 0 square metres, got ${value}`);
  if (value > MAX_AREA_M2) throw badInput(field, `must be at most ${MAX_AREA_M2.toLocaleString('en')} square metres (2 km²), got ${value}; check the unit (m², not ft²)`);
  return (hundredths / 100).toFixed(2);
}

const SERVICE_ORDER = Object.values(WarehouseService);

/** Each service once, in the enum's order. */
function validServices(services: WarehouseService[] | null | undefined): WarehouseService[] {
  return [...new Set(services ?? [])].sort((a, b) => SERVICE_ORDER.indexOf(a) - SERVICE_ORDER.indexOf(b));
}
