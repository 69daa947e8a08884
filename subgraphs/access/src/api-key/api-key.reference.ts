import type { AccessContext } from '../context';

/** Resolves `ApiKey` references through the request's loader (one query for all), for key managers only. */
export const apiKeyReference = {
  __resolveReference(reference: { id: string }, context: AccessContext) {
    return context.services.apiKeys.reference(reference.id, context);
  },
};
