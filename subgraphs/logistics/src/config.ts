import { EnvReader, isProduction, readGatewayTrust, type GatewayTrust } from '@sw/kernel';

export interface LogisticsConfig {
  port: number;
  host: string;
  databaseUrl: string;
  trust: GatewayTrust;
  /** Poll interval of the bus consumers when no NOTIFY arrives. */
  consumerPollMs: number;
  /** How far in the future a milestone's occurredAt may lie (the reporter's clock against ours). */
  clockSkewSeconds: number;
  /** How far back a milestone may be reported. */
  milestoneMaxAgeDays: number;
}

/** Reads the logistics subgraph's environment once; every problem is reported together. */
export function readLogisticsConfig(env: NodeJS.ProcessEnv = process.env): LogisticsConfig {
  const read = new EnvReader(env);
  const production = isProduction(env);
  const config: LogisticsConfig = {
    port: read.int('LOGISTICS_PORT', 4008, 0, 65535),
    host: read.string('HOST', '127.0.0.1'),
    databaseUrl: read.string('DATABASE_URL'),
    trust: readGatewayTrust(read, production),
    consumerPollMs: read.int('LOGISTICS_CONSUMER_POLL_MS', 1000, 10, 60_000),
    clockSkewSeconds: read.int('LOGISTICS_CLOCK_SKEW_SECONDS', 300, 0, 86_400),
    milestoneMaxAgeDays: read.int('LOGISTICS_MILESTONE_MAX_AGE_DAYS', 365, 1, 3650),
  };
  read.done();
  return config;
}
