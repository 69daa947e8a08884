import { DEV_PII_HASH_KEY, DEV_PII_KEYS, EnvReader, isProduction, readGatewayTrust, type GatewayTrust } from '@sw/kernel';
import { parsePhases } from './region/region';

export interface RegistryConfig {
  port: number;
  host: string;
  databaseUrl: string;
  enabledPhases: Set<number>;
  piiKeys: string;
  piiHashKey: string;
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
    piiKeys: production ? read.string('PII_ENCRYPTION_KEYS') : read.string('PII_ENCRYPTION_KEYS', DEV_PII_KEYS),
    piiHashKey: production ? read.string('PII_HASH_KEY') : read.string('PII_HASH_KEY', DEV_PII_HASH_KEY),
    trust: readGatewayTrust(read, production),
  };
  read.done();
  return config;
}
