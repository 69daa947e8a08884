import type { Enterprise } from './enterprise.type';

/**
 * Resolves `Enterprise` references: the agencies are asked per field, by USCC, so a reference
 * needs no query here (the DataLoader rule is for references that read tables).
 */
export const enterpriseReference = {
  __resolveReference(reference: { uscc: string }): Enterprise {
    return { uscc: reference.uscc };
  },
};
