import { enterpriseRef } from './enterprise.type';

/**
 * Every Enterprise the gateway asks credit about exists as far as credit is concerned: its
 * `credit` loads through the request's loader, so no query is spent here.
 */
export const enterpriseReference = {
  __resolveReference(reference: { uscc: string }) {
    return enterpriseRef(reference.uscc);
  },
};
