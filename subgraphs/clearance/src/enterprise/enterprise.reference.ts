import type { Enterprise } from './enterprise.type';

/** An `Enterprise` reference needs no query here: its declarations are read by USCC when asked for. */
export const enterpriseReference = {
  __resolveReference(reference: { uscc: string }): Enterprise {
    return { uscc: reference.uscc };
  },
};
