import { badInput } from '../errors';

/** A required free-text input: trimmed, not blank, at most `max` characters (code points). */
export function requiredText(field: string, value: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw badInput(field, 'must not be blank');
  return maxLength(field, trimmed, max);
}

/** An optional free-text input: blank becomes null. */
export function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  const trimmed = value?.trim();
  return trimmed ? maxLength(field, trimmed, max) : null;
}

function maxLength(field: string, value: string, max: number): string {
  const length = [...value].length;
  if (length > max) throw badInput(field, `must be at most ${max} characters, got ${length}`);
  return value;
}

const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;

/** A telephone number: digits with optional leading +, spaces or dashes, 5 to 20 characters. */
export function optionalPhone(field: string, value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  if (!PHONE.test(trimmed)) throw badInput(field, 'must be a telephone number: digits, an optional leading +, spaces or dashes (5-20 characters)');
  return trimmed;
}
