import type { DataSource } from 'typeorm';
import type { Sql } from '../db/database';
import type { RunningServer } from './serve';

/** What a subgraph holds beside its HTTP server: bus consumers and both database clients. */
export interface SubgraphResources {
  consumers: { start(): Promise<void>; stop(): Promise<void> }[];
  sql: Sql;
  db: DataSource;
}

/**
 * Starts the consumers, then serves; if serving fails, or when the service stops, consumers stop
 * first (no event is half-handled), then the server, then the database clients.
 */
export async function serveWithResources(resources: SubgraphResources, serve: () => Promise<RunningServer>): Promise<RunningServer> {
  const release = async () => {
    await resources.sql.end({ timeout: 5 });
    await resources.db.destroy();
  };
  let server: RunningServer;
  try {
    for (const consumer of resources.consumers) await consumer.start();
    server = await serve();
  } catch (error) {
    for (const consumer of resources.consumers) await consumer.stop();
    await release();
    throw error;
  }
  return {
    ...server,
    async stop() {
      for (const consumer of resources.consumers) await consumer.stop();
      await server.stop();
      await release();
    },
  };
}
