import type { RegistryContext } from '../context';

/** Resolves `Enterprise` references by either key through the request's loaders: one query per key kind. */
export const enterpriseReference = {
  __resolveReference(reference: { uscc?: string; customsCode?: string }, context: RegistryContext) {
    const { enterprises } = context.services;
    if (reference.uscc) return context.loaders.get(enterprises.byUscc).load(reference.uscc);
    if (reference.customsCode) return context.loaders.get(enterprises.byCustomsCode).load(reference.customsCode);
    return null;
  },
};
