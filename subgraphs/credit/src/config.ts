import { EnvReader, isProduction, readGatewayTrust, type GatewayTrust } from '@sw/kernel';

export interface CreditConfig {
  port: number;
  host: string;
  databaseUrl: string;
  trust: GatewayTrust;
  /** Minutes between runs of the decay refresh (it also runs at start); 0 turns it off. */
  refreshIntervalMinutes: number;
  /** How often the bus consumer polls when no NOTIFY arrives. */
  consumerPollMs: number;
}

/** Reads the credit subgraph's environment once; every problem is reported together. */
export function readCreditConfig(env: NodeJS.ProcessEnv = process.env): CreditConfig {
  const read = new EnvReader(env);
  const production = isProduction(env);
  const config: CreditConfig = {
    port: read.int('CREDIT_PORT', 4004, 0, 65535),
    host: read.string('HOST', '127.0.0.1'),
    databaseUrl: read.string('DATABASE_URL'),
    trust: readGatewayTrust(read, production),
    refreshIntervalMinutes: read.int('CREDIT_REFRESH_INTERVAL_MINUTES', 60, 0, 7 * 24 * 60),
    consumerPollMs: read.int('CREDIT_CONSUMER_POLL_MS', 1000, 10, 60_000),
  };
  read.done();
  return config;
}
