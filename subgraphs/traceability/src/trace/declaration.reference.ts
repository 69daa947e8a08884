import type { Declaration } from './trace.type';

/** Declarations are the clearance subgraph's; here a reference needs only its id (the trace is read when asked). */
export const declarationReference = {
  __resolveReference(reference: { id: string }): Declaration {
    return { id: reference.id };
  },
};
