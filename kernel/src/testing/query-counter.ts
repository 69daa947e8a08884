import type { Logger as QueryLogger } from 'typeorm';

/** A TypeORM logger that only counts (and keeps) the SQL statements a data source runs. */
export class QueryCounter implements QueryLogger {
  count = 0;
  statements: string[] = [];

  reset(): void {
    this.count = 0;
    this.statements = [];
  }

  logQuery(query: string): void {
    this.count += 1;
    this.statements.push(query);
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
