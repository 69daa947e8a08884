import type { ApolloServerPlugin } from '@apollo/server';
import postgres from 'postgres';
import type { ApiKeyVerifier } from './api-keys';

/**
 * Keeps cached API-key answers honest. Every replica hears revocations on the bus
 * (NOTIFY carries the event's seq); the replica that served the revocation forgets at once,
 * so a revoked key is refused from the next request on.
 */
export async function listenForRevocations(databaseUrl: string, verifier: ApiKeyVerifier): Promise<{ close(): Promise<void> }> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const listener = await sql.listen('bus', async (seq) => {
    const [event] = await sql`select type, data from bus.events where seq = ${seq}`.catch(() => []);
    if (event?.type === 'access.key.revoked') verifier.invalidate(String(event.data?.keyId ?? '') || undefined);
  });
  return {
    async close() {
      await listener.unlisten();
      await sql.end({ timeout: 1 });
    },
  };
}

/** Clears the cache after this gateway served a `revokeApiKey` mutation. */
export function forgetRevokedKeys(verifier: ApiKeyVerifier): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation }) {
          const revokes = operation?.operation === 'mutation' &&
            operation.selectionSet.selections.some((selection) => selection.kind === 'Field' && selection.name.value === 'revokeApiKey');
          if (revokes) verifier.invalidate();
        },
      };
    },
  };
}
