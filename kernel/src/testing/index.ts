/**
 * Helpers for the subgraphs' tests, imported as `@sw/kernel/dist/testing`. Kept out of the main
 * kernel index so production code never loads them.
 */
export * from './database';
export * from './subgraph-client';
export * from './identities';
export * from './builders';
export * from './query-counter';
export * from './bus-events';
export * from './service';
