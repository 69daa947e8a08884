import type { Agency } from './agency';
import { UpstreamResponseError } from './agency-http';

/**
 * Checks of an agency's JSON answer: an agency that breaks its contract fails the call as
 * BAD_RESPONSE instead of handing half-read data to partners. Each reader names the field.
 */
export class WireReader {
  constructor(private readonly agency: Agency, private readonly operation: string) {}

  object(value: unknown, what: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.fail(`${what} is not an object`);
    return value as Record<string, unknown>;
  }

  array(value: unknown, what: string): unknown[] {
    if (!Array.isArray(value)) throw this.fail(`${what} is not a list`);
    return value;
  }

  string(record: Record<string, unknown>, field: string): string {
    const value = record[field];
    if (typeof value !== 'string') throw this.fail(`${field} is not a string`);
    return value;
  }

  optionalString(record: Record<string, unknown>, field: string): string | null {
    const value = record[field];
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string') throw this.fail(`${field} is not a string`);
    return value;
  }

  boolean(record: Record<string, unknown>, field: string): boolean {
    const value = record[field];
    if (typeof value !== 'boolean') throw this.fail(`${field} is not true or false`);
    return value;
  }

  number(record: Record<string, unknown>, field: string): number {
    const value = record[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.fail(`${field} is not a number`);
    return value;
  }

  optionalNumber(record: Record<string, unknown>, field: string): number | null {
    const value = record[field];
    if (value === null || value === undefined) return null;
    return this.number(record, field);
  }

  oneOf<T extends string>(record: Record<string, unknown>, field: string, allowed: readonly T[]): T {
    const value = this.string(record, field);
    if (!(allowed as readonly string[]).includes(value)) throw this.fail(`${field} "${value}" is not one of ${allowed.join(', ')}`);
    return value as T;
  }

  /** A calendar date `YYYY-MM-DD`. */
  date(record: Record<string, unknown>, field: string): string {
    const value = this.string(record, field);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw this.fail(`${field} is not a date YYYY-MM-DD`);
    return value;
  }

  optionalDate(record: Record<string, unknown>, field: string): string | null {
    return record[field] === null || record[field] === undefined ? null : this.date(record, field);
  }

  /** An ISO-8601 instant. */
  instant(record: Record<string, unknown>, field: string): Date {
    const value = this.string(record, field);
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) throw this.fail(`${field} is not an ISO-8601 instant`);
    return at;
  }

  /** Money as agencies send it: a decimal string, normalised to two places. */
  money(record: Record<string, unknown>, field: string): string {
    const value = this.string(record, field);
    const normalised = toMoney(value);
    if (normalised === undefined) throw this.fail(`${field} "${value}" is not a decimal amount with at most 2 places`);
    return normalised;
  }

  fail(problem: string): UpstreamResponseError {
    return new UpstreamResponseError(this.agency, this.operation, problem);
  }
}

const DECIMAL = /^(-?)(\d{1,18})(?:\.(\d{1,2}))?$/;

/** A decimal string with two places (`"5000000"` → `"5000000.00"`), or undefined when it is not one. */
export function toMoney(value: string): string | undefined {
  const match = DECIMAL.exec(value.trim());
  if (!match) return undefined;
  const whole = match[2].replace(/^0+(?=\d)/, '');
  return `${match[1] === '-' && !/^0+$/.test(whole + (match[3] ?? '')) ? '-' : ''}${whole}.${(match[3] ?? '').padEnd(2, '0')}`;
}
