import type { ApolloServerPlugin } from '@apollo/server';

/**
 * graphql-js suggests names in its messages ('Did you mean "name"?', 'Did you mean the enum
 * value "ACTIVE"?', 'Did you mean to use an inline fragment on "X"?'), which lets a caller
 * map a schema it may not introspect. graphql-armor's block-field-suggestions plugin masks
 * only the first form, so this strips every form (on by default in production).
 */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

export function stripSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

export const blockFieldSuggestionsPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors }) {
        for (const error of errors) {
          if (error.message.includes('Did you mean')) (error as { message: string }).message = stripSuggestions(error.message);
        }
      },
    };
  },
};
