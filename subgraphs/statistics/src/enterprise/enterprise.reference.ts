import { enterpriseRef } from './enterprise.type';

/**
 * Every Enterprise the gateway asks statistics about exists as far as statistics is concerned (an
 * enterprise without cleared trade has a summary of zeros), so no query is spent here.
 */
export const enterpriseReference = {
  __resolveReference(reference: { uscc: string }) {
    return enterpriseRef(reference.uscc);
  },
};
