import type { ClearanceContext } from '../context';

/** Resolves `Declaration` references through the request's scoped loader: one query, tenancy in it. */
export const declarationReference = {
  __resolveReference(reference: { id: string }, context: ClearanceContext) {
    return context.services.reads.declaration(reference.id, context);
  },
};
