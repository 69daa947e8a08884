import { EnvReader, isProduction, readGatewayTrust, type GatewayTrust } from '@sw/kernel';

export interface AccessConfig {
  port: number;
  host: string;
  databaseUrl: string;
  trust: GatewayTrust;
}

/** Reads the access subgraph's environment once; every problem is reported together. */
export function readAccessConfig(env: NodeJS.ProcessEnv = process.env): AccessConfig {
  const read = new EnvReader(env);
  const production = isProduction(env);
  const config: AccessConfig = {
    port: read.int('ACCESS_PORT', 4002, 0, 65535),
    host: read.string('HOST', '127.0.0.1'),
    databaseUrl: read.string('DATABASE_URL'),
    trust: readGatewayTrust(read, production),
  };
  read.done();
  return config;
}
