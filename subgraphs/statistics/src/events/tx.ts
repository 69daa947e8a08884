import type { ConsumerOptions } from '@sw/kernel';

/** A postgres.js transaction, as the bus consumer hands one to its handler. */
export type Tx = Parameters<ConsumerOptions['handle']>[1];
