import { DEV_PII_HASH_KEY, DEV_PII_KEYS, EnvReader, isProduction, readGatewayTrust, type GatewayTrust } from '@sw/kernel';
import { parsePhases } from './region/region';

export interface RegistryConfig {
  port: number;
  host: string;
  databaseUrl: string;
  enabledPhases: Set<number>;
  piiKeys: string;
  piiHashKey: string;
  /** Days an individual's personal data is kept after filing (and an enterprise's after revocation); 0 keeps it forever. */
  piiRetentionDays: number;
  /** Minutes between runs of the retention job (it also runs at start). */
  piiRetentionIntervalMinutes: number;
  /** Poll interval of the bus consumer (credit's negative list) when no NOTIFY arrives. */
  consumerPollMs: number;
  trust: GatewayTrust;
}

/** Reads the registry's environment once; every problem is reported together. */
export function readRegistryConfig(env: NodeJS.ProcessEnv = process.env): RegistryConfig {
  const read = new EnvReader(env);
  const production = isProduction(env);
  const phasesRaw = read.string('ENABLED_PHASES', '1,2,3');
  const enabledPhases = parsePhases(phasesRaw);
  if (!enabledPhases) read.problem(`ENABLED_PHASES must list phases 1, 2 or 3 separated by commas, got "${phasesRaw}"`);
  const config: RegistryConfig = {
    port: read.int('REGISTRY_PORT', 4001, 0, 65535),
    host: read.string('HOST', '127.0.0.1'),
    databaseUrl: read.string('DATABASE_URL'),
    enabledPhases: enabledPhases ?? new Set([1, 2, 3]),
    piiKeys: readPiiKeys(read, production),
    piiHashKey: production ? read.string('PII_HASH_KEY') : read.string('PII_HASH_KEY', DEV_PII_HASH_KEY),
    // 1825 days = 5 years; at most 100 years, so that the cutoff stays a real date.
    piiRetentionDays: read.int('PII_RETENTION_DAYS', 1825, 0, 36_500),
    piiRetentionIntervalMinutes: read.int('PII_RETENTION_INTERVAL_MINUTES', 60, 1, 7 * 24 * 60),
    consumerPollMs: read.int('REGISTRY_CONSUMER_POLL_MS', 1000, 10, 60_000),
    trust: readGatewayTrust(read, production),
  };
  read.done();
  return config;
}

export interface ResealConfig {
  databaseUrl: string | undefined;
  piiKeys: string;
}

/** What `npm run pii:rotate` needs: the database (else the embedded one `npm start` runs) and the key list, new key first. */
export function readResealConfig(env: NodeJS.ProcessEnv = process.env): ResealConfig {
  const read = new EnvReader(env);
  const config: ResealConfig = { databaseUrl: read.optional('DATABASE_URL'), piiKeys: readPiiKeys(read, isProduction(env)) };
  read.done();
  return config;
}

function readPiiKeys(read: EnvReader, production: boolean): string {
  return production ? read.string('PII_ENCRYPTION_KEYS') : read.string('PII_ENCRYPTION_KEYS', DEV_PII_KEYS);
}
