import type { Express } from 'express';
import { IDENTITY_HEADER, type IdentitySigner } from '@sw/kernel';
import postgres from 'postgres';
import type { SubgraphEndpoint } from './supergraph';

const CHECK_TIMEOUT_MS = 2000;

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

/** `/healthz`: the process is up and its supergraph loaded. `/readyz`: the database and every subgraph answer. */
export function mountHealth(app: Express, subgraphs: SubgraphEndpoint[], databaseUrl: string | undefined, signer: IdentitySigner): { close(): Promise<void> } {
  const sql = databaseUrl ? postgres(databaseUrl, { max: 1, idle_timeout: 5, connect_timeout: 2, onnotice: () => {} }) : undefined;
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const checks = await Promise.all([
      ...(sql ? [checkDatabase(sql)] : []),
      ...subgraphs.map((subgraph) => checkSubgraph(subgraph, signer)),
    ]);
    const ready = checks.every((check) => check.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  });
  return { close: async () => sql?.end({ timeout: 1 }) };
}

async function checkDatabase(sql: postgres.Sql): Promise<ReadinessCheck> {
  try {
    await withTimeout(sql`select 1`.execute());
    return { name: 'database', ok: true };
  } catch (error) {
    return { name: 'database', ok: false, detail: (error as Error).message };
  }
}

async function checkSubgraph(subgraph: SubgraphEndpoint, signer: IdentitySigner): Promise<ReadinessCheck> {
  try {
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', [IDENTITY_HEADER]: signer.sign(null) },
      body: JSON.stringify({ query: '{ __typename }' }),
      signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
    });
    return { name: subgraph.name, ok: response.ok, detail: response.ok ? undefined : `HTTP ${response.status}` };
  } catch (error) {
    return { name: subgraph.name, ok: false, detail: (error as Error).message };
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref())]);
}
