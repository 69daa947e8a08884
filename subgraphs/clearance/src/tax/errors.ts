/**
 * An input the engine cannot assess. `field` is the path inside the tax input
 * (`items[1].gcode`) and `problem` says the rule and the accepted form; the resolver turns it
 * into `badInput(\`input.${field}\`, problem)`.
 */
export class TaxInputError extends Error {
  readonly code = 'BAD_USER_INPUT';

  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'TaxInputError';
  }
}

/** A rate or exchange-rate file that does not have the expected shape; lists every problem found. */
export class TaxTableError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: ${problems.length} problem(s) in the table:\n  - ${problems.join('\n  - ')}`);
    this.name = 'TaxTableError';
  }
}
