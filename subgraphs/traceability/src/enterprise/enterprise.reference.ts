import { enterpriseRef, type Enterprise } from './enterprise.type';

/**
 * Resolves `Enterprise` references without a query: `products` loads by USCC when asked, and the
 * registry answers for the enterprise itself (the DataLoader rule is for references that read tables).
 */
export const enterpriseReference = {
  __resolveReference(reference: { uscc: string }): Enterprise {
    return enterpriseRef(reference.uscc);
  },
};
