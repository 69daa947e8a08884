import type { PiiVault, Sql } from '@sw/kernel';

/** A table holding values sealed by the PII vault: its key column and its sealed columns. */
export interface SealedTable {
  table: string;
  key: string;
  /** SQL type of the key, for the batched update's array parameter. */
  keyType: string;
  columns: string[];
}

/** Every column of the registry that the PII vault seals. A new sealed column must be listed here. */
export const SEALED_TABLES: SealedTable[] = [
  { table: 'registry.persons', key: 'id', keyType: 'text', columns: ['name_enc', 'id_number_enc', 'phone_enc'] },
  { table: 'registry.enterprises', key: 'uscc', keyType: 'char(18)', columns: ['legal_representative_enc', 'contact_phone_enc'] },
];

export interface ResealProgress {
  table: string;
  /** Rows of this table re-sealed so far. */
  resealed: number;
  /** Rows of this table that were under another key when the run began. */
  pending: number;
}

export interface TableResult {
  resealed: number;
  /** Rows that changed between our read and our write (a concurrent amendment, erasure…); a later pass looks again. */
  changedMeanwhile: number;
  /** Keys of rows that could not be opened (a key no longer listed, an altered value): never personal data. */
  failed: string[];
}

export interface ResealResult {
  currentKeyId: string;
  tables: Record<string, TableResult>;
  /** Rows still holding a value under another key when the run ended (the failed ones, or new writes by a stale replica). */
  remaining: number;
}

export interface ResealOptions {
  batchSize?: number;
  /** Passes over a table while rows keep changing under us. */
  maxPasses?: number;
  onProgress?: (progress: ResealProgress) => void;
}

type Row = Record<string, string | null>;

/**
 * Re-seals every sealed value that is not under the vault's current key, so that the old key can
 * then be removed from PII_ENCRYPTION_KEYS (`npm run pii:rotate`).
 *
 * Safe while the service runs: no lock is held across batches, and each row is written only if its
 * sealed values are still the ones we read (an optimistic update in one statement per batch). A row
 * changed meanwhile was written by the service, under the current key once every replica has the new
 * key first; a further pass checks it. Running it again re-seals nothing.
 */
export class Resealer {
  private readonly batchSize: number;
  private readonly maxPasses: number;

  constructor(private readonly sql: Sql, private readonly vault: PiiVault, private readonly options: ResealOptions = {}) {
    this.batchSize = options.batchSize ?? 500;
    this.maxPasses = options.maxPasses ?? 3;
  }

  /** Rows per table with at least one value under another key than the current one. */
  async pending(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of SEALED_TABLES) {
      const [row] = await this.sql.unsafe(`select count(*)::int as n from ${table.table} where ${notCurrent(table)}`, [this.vault.currentKeyId]);
      counts[table.table] = row.n as number;
    }
    return counts;
  }

  async run(): Promise<ResealResult> {
    const tables: Record<string, TableResult> = {};
    const pending = await this.pending();
    for (const table of SEALED_TABLES) {
      const result: TableResult = { resealed: 0, changedMeanwhile: 0, failed: [] };
      const failed = new Set<string>();
      for (let pass = 0; pass < this.maxPasses; pass++) {
        const changedMeanwhile = await this.pass(table, result, failed, pending[table.table]);
        result.changedMeanwhile += changedMeanwhile;
        if (changedMeanwhile === 0) break;
      }
      result.failed = [...failed];
      tables[table.table] = result;
    }
    const remaining = Object.values(await this.pending()).reduce((sum, n) => sum + n, 0);
    return { currentKeyId: this.vault.currentKeyId, tables, remaining };
  }

  /** One walk over the table in key order; returns how many rows changed under us. */
  private async pass(table: SealedTable, result: TableResult, failed: Set<string>, pending: number): Promise<number> {
    const columns = [table.key, ...table.columns].join(', ');
    let after = '';
    let changedMeanwhile = 0;
    for (;;) {
      const rows = await this.sql.unsafe<Row[]>(
        `select ${columns} from ${table.table} where ${table.key} > $2 and (${notCurrent(table)}) order by ${table.key} limit $3`,
        [this.vault.currentKeyId, after, this.batchSize],
      );
      if (rows.length === 0) return changedMeanwhile;
      after = rows[rows.length - 1][table.key]!;
      const updates: { key: string; old: (string | null)[]; next: (string | null)[] }[] = [];
      for (const row of rows) {
        const key = row[table.key]!;
        try {
          const old = table.columns.map((column) => row[column]);
          updates.push({ key, old, next: old.map((value) => (value === null ? null : this.vault.reseal(value))) });
        } catch {
          // The error names the key id only; the row key is a keyed hash or a USCC, never personal data.
          failed.add(key);
        }
      }
      if (updates.length > 0) {
        const written = await this.write(table, updates);
        result.resealed += written;
        changedMeanwhile += updates.length - written;
      }
      this.options.onProgress?.({ table: table.table, resealed: result.resealed, pending });
      if (rows.length < this.batchSize) return changedMeanwhile;
    }
  }

  /** One statement for the batch; a row is written only if every sealed value is still the one we read. */
  private async write(table: SealedTable, updates: { key: string; old: (string | null)[]; next: (string | null)[] }[]): Promise<number> {
    const names = table.columns.flatMap((_, i) => [`old${i}`, `new${i}`]);
    const params: (string | null)[][] = [updates.map((update) => update.key)];
    table.columns.forEach((_, i) => {
      params.push(updates.map((update) => update.old[i]), updates.map((update) => update.next[i]));
    });
    const types = [`${table.keyType}[]`, ...names.map(() => 'text[]')];
    const rows = await this.sql.unsafe(`
      update ${table.table} t
      set ${table.columns.map((column, i) => `${column} = v.new${i}`).join(', ')}
      from unnest(${types.map((type, i) => `$${i + 1}::${type}`).join(', ')}) as v(k, ${names.join(', ')})
      where t.${table.key} = v.k and ${table.columns.map((column, i) => `t.${column} is not distinct from v.old${i}`).join(' and ')}
      returning t.${table.key}`, params);
    return rows.length;
  }
}

/** Some sealed value of the row is under another key than $1 (the key id is the text before the first colon). */
function notCurrent(table: SealedTable): string {
  return table.columns.map((column) => `split_part(${column}, ':', 1) <> $1`).join(' or ');
}
