import { badInput, optionalText, requiredText } from '@sw/kernel';
import { ParcelMilestoneKind } from '../common/enums';
import { validCountry, validCustomsCode, validIdentifier } from '../common/validate';
import type { ParcelMilestoneInput } from './milestone.inputs';

/** A milestone report once it passed the edge. */
export interface ValidMilestone {
  logisticsCode: string;
  logisticsNo: string;
  kind: ParcelMilestoneKind;
  occurredAt: Date;
  city: string | null;
  country: string | null;
  note: string | null;
}

export interface MilestoneClock {
  now: Date;
  /** How far ahead of `now` occurredAt may be. */
  skewMs: number;
  /** How far back occurredAt may be. */
  maxAgeMs: number;
}

export function validMilestone(input: ParcelMilestoneInput, clock: MilestoneClock): ValidMilestone {
  const logisticsCode = validCustomsCode('input.logisticsCode', input.logisticsCode);
  const logisticsNo = validIdentifier('input.logisticsNo', input.logisticsNo, 60);
  const occurredAt = input.occurredAt;
  if (!(occurredAt instanceof Date) || Number.isNaN(occurredAt.getTime())) {
    throw badInput('input.occurredAt', 'must be an ISO-8601 date-time with an offset, e.g. 2026-11-25T09:30:00+08:00');
  }
  if (occurredAt.getTime() > clock.now.getTime() + clock.skewMs) {
    throw badInput('input.occurredAt', `lies in the future: ${occurredAt.toISOString()} is more than ${Math.round(clock.skewMs / 1000)} s after the Single Window's clock (${clock.now.toISOString()}); report milestones once they happened`);
  }
  if (occurredAt.getTime() < clock.now.getTime() - clock.maxAgeMs) {
    throw badInput('input.occurredAt', `is more than ${Math.round(clock.maxAgeMs / 86_400_000)} days ago (${occurredAt.toISOString()}); milestones that old are not taken`);
  }
  let city: string | null = null;
  let country: string | null = null;
  if (input.location) {
    city = requiredText('input.location.city', input.location.city, 100);
    country = validCountry('input.location.country', input.location.country);
  } else if (input.kind !== ParcelMilestoneKind.EXCEPTION) {
    throw badInput('input.location', `is required for ${input.kind}: give the city and country (ISO 3166-1 alpha-2) where it happened`);
  }
  return { logisticsCode, logisticsNo, kind: input.kind, occurredAt, city, country, note: optionalText('input.note', input.note, 500) };
}
