import type { ApolloServerPlugin } from '@apollo/server';
import { appError } from '@sw/kernel';
import type { GatewayContext } from './context';

/** Anonymous callers may read public data; every mutation needs a verified caller. */
export const mutationGuard: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (operation?.operation === 'mutation' && !contextValue.identity) {
          throw appError('UNAUTHENTICATED', 'mutations need a verified caller: send Authorization: Bearer <key>', { http: { status: 401 } });
        }
      },
    };
  },
};
