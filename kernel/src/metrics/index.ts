export * from './registry';
export * from './graphql';
export * from './agency';
export * from './database';
export * from './text';
/** prom-client itself, for services that define metrics of their own (the gateway). */
export * as prom from 'prom-client';
