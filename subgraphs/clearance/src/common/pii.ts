import type { PiiVault } from '@sw/kernel';

/** Seals personal data for storage and derives the Person.id every subgraph shares. */
export class Sealer {
  constructor(private readonly vault: PiiVault) {}

  seal(value: string | null | undefined): string | null {
    return value === null || value === undefined ? null : this.vault.encrypt(value);
  }

  open(sealed: string | null): string | null {
    return sealed === null ? null : this.vault.decrypt(sealed);
  }

  /** The keyed hash of an ID number: the registry's Person.id for the same number (same PII_HASH_KEY). */
  personId(idNumber: string): string {
    return this.vault.hash(idNumber);
  }

  /**
   * A keyed hash per field, so that a resubmission is compared field by field without opening sealed
   * values and without storing a guessable digest of personal data.
   */
  fieldHashes(fields: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, this.vault.hash(`${name}\u0000${value}`)]));
  }
}

/** The fields whose hashes differ, in the order of `next`. */
export function changedFields(previous: Record<string, string>, next: Record<string, string>): string[] {
  return Object.keys(next).filter((name) => previous[name] !== next[name]);
}
