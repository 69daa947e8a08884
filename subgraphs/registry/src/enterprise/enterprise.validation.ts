import { badInput, customsCodeProblem, optionalPhone, optionalText, requiredText, usccProblem } from '@sw/kernel';
import { Region, rolloutPhaseOf } from '../region/region';
import type { EnterpriseRole } from './enterprise.enums';
import type { AmendFilingInput, FileEnterpriseInput } from './enterprise.inputs';

/** A filing's fields once they passed the edge; past this point code trusts them. */
export interface ValidFiling {
  uscc: string;
  name: string;
  customsCode: string | null;
  region: Region;
  roles: EnterpriseRole[];
  legalRepresentative: string | null;
  address: string | null;
  contactPhone: string | null;
}

export type ValidAmendment = Partial<Omit<ValidFiling, 'uscc'>>;

export function validUscc(field: string, uscc: string): string {
  const problem = usccProblem(uscc);
  if (problem) throw badInput(field, problem);
  return uscc;
}

function validCustomsCode(field: string, code: string | null | undefined): string | null {
  if (code === null || code === undefined || code === '') return null;
  const problem = customsCodeProblem(code);
  if (problem) throw badInput(field, problem);
  return code;
}

function validRoles(field: string, roles: EnterpriseRole[]): EnterpriseRole[] {
  if (roles.length === 0) throw badInput(field, 'must name at least one role');
  const duplicate = roles.find((role, index) => roles.indexOf(role) !== index);
  if (duplicate) throw badInput(field, `lists ${duplicate} twice`);
  return roles;
}

/** Refuses a region outside the enabled rollout phases. */
export function validRegion(field: string, region: Region, enabledPhases: Set<number>): Region {
  const phase = rolloutPhaseOf(region);
  if (!enabledPhases.has(phase)) {
    throw badInput(field, `${region} joins the pilot in rollout phase ${phase}; enabled phases: ${[...enabledPhases].sort().join(', ')}`);
  }
  return region;
}

export function validFiling(input: FileEnterpriseInput, enabledPhases: Set<number>): ValidFiling {
  return {
    uscc: validUscc('input.uscc', input.uscc),
    name: requiredText('input.name', input.name, 200),
    customsCode: validCustomsCode('input.customsCode', input.customsCode),
    region: validRegion('input.region', input.region, enabledPhases),
    roles: validRoles('input.roles', input.roles),
    legalRepresentative: optionalText('input.legalRepresentative', input.legalRepresentative, 100),
    address: optionalText('input.address', input.address, 500),
    contactPhone: optionalPhone('input.contactPhone', input.contactPhone),
  };
}

/** Only fields present in the input are validated and returned; `null` clears an optional one. */
export function validAmendment(input: AmendFilingInput, enabledPhases: Set<number>): ValidAmendment {
  const amendment: ValidAmendment = {};
  const given = (key: keyof AmendFilingInput) => input[key] !== undefined;
  const requiredPresent = (key: 'name' | 'region' | 'roles') => {
    if (input[key] === null) throw badInput(`input.${key}`, 'cannot be cleared; leave it out to keep the current value');
    return given(key);
  };
  if (requiredPresent('name')) amendment.name = requiredText('input.name', input.name!, 200);
  if (requiredPresent('region')) amendment.region = validRegion('input.region', input.region!, enabledPhases);
  if (requiredPresent('roles')) amendment.roles = validRoles('input.roles', input.roles!);
  if (given('customsCode')) amendment.customsCode = validCustomsCode('input.customsCode', input.customsCode);
  if (given('legalRepresentative')) amendment.legalRepresentative = optionalText('input.legalRepresentative', input.legalRepresentative, 100);
  if (given('address')) amendment.address = optionalText('input.address', input.address, 500);
  if (given('contactPhone')) amendment.contactPhone = optionalPhone('input.contactPhone', input.contactPhone);
  if (Object.keys(amendment).length === 0) throw badInput('input', 'names no field to amend');
  return amendment;
}
