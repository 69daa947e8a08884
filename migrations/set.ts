import type { MigrationInterface } from 'typeorm';

/** One schema's migrations, in order; the schema's own `migrations` table records what ran. */
export interface MigrationSet {
  schema: string;
  migrations: (new () => MigrationInterface)[];
}
