import type { RegistryContext } from '../context';

/** Resolves `Person` references through the request's loader: one query for all of them. */
export const personReference = {
  __resolveReference(reference: { id: string }, context: RegistryContext) {
    return context.loaders.get(context.services.persons.byId).load(reference.id);
  },
};
