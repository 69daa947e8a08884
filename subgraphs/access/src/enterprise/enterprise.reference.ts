import { enterpriseRef } from './enterprise.type';

/**
 * Resolves `Enterprise` references without a query: its grants and log load per field through
 * the request's loaders, which also decide who may see them.
 */
export const enterpriseReference = {
  __resolveReference(reference: { uscc: string }) {
    return enterpriseRef(reference.uscc);
  },
};
