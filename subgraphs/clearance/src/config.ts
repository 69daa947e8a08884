import { DEV_PII_HASH_KEY, DEV_PII_KEYS, EnvReader, isProduction, readGatewayTrust, type GatewayTrust } from '@sw/kernel';

export interface ClearanceConfig {
  port: number;
  host: string;
  databaseUrl: string;
  /** Seals buyer, payer and consignee data at rest (the registry's PII_ENCRYPTION_KEYS). */
  piiKeys: string;
  /** Derives Person.id from an ID number: must be the registry's PII_HASH_KEY so the ids line up. */
  piiHashKey: string;
  /** How many times a declaration is handed to customs again after receipt 4 (sending failed). */
  customsResendMax: number;
  /** Poll interval of the bus consumers when no NOTIFY arrives. */
  consumerPollMs: number;
  trust: GatewayTrust;
}

/** Reads the clearance subgraph's environment once; every problem is reported together. */
export function readClearanceConfig(env: NodeJS.ProcessEnv = process.env): ClearanceConfig {
  const read = new EnvReader(env);
  const production = isProduction(env);
  const config: ClearanceConfig = {
    port: read.int('CLEARANCE_PORT', 4005, 0, 65535),
    host: read.string('HOST', '127.0.0.1'),
    databaseUrl: read.string('DATABASE_URL'),
    piiKeys: production ? read.string('PII_ENCRYPTION_KEYS') : read.string('PII_ENCRYPTION_KEYS', DEV_PII_KEYS),
    piiHashKey: production ? read.string('PII_HASH_KEY') : read.string('PII_HASH_KEY', DEV_PII_HASH_KEY),
    customsResendMax: read.int('CUSTOMS_RESEND_MAX', 3, 0, 100),
    consumerPollMs: read.int('CLEARANCE_CONSUMER_POLL_MS', 1000, 10, 60_000),
    trust: readGatewayTrust(read, production),
  };
  read.done();
  return config;
}
