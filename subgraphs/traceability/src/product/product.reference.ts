import type { TraceabilityContext } from '../context';

/** Resolves `Product` references through the request's loader (one query per request), owner-scoped like `product(id)`. */
export const productReference = {
  __resolveReference(reference: { id: string }, context: TraceabilityContext) {
    return context.services.products.one(reference.id, context);
  },
};
