import { DEV_PII_HASH_KEY, EnvReader, isProduction, readGatewayTrust, type GatewayTrust } from '@sw/kernel';
import { AGENCIES, type Agency } from './resilience/agency';
import type { ResilienceOptions } from './resilience/agency-call';

/** Where one external agency answers and how long we wait for it. */
export interface AgencyEndpoint {
  url: string;
  token: string;
  timeoutMs: number;
}

export interface AgenciesConfig {
  port: number;
  host: string;
  databaseUrl: string;
  trust: GatewayTrust;
  endpoints: Record<Agency, AgencyEndpoint>;
  /** Shared by every agency; each agency still gets its own breaker and cache. */
  resilience: Omit<ResilienceOptions, 'timeoutMs'>;
  /** Minutes between refreshes of the watched enterprises' SAIC records and tax ratings; 0 turns it off. */
  refreshMinutes: number;
  /** Where customs POSTs receipts; by default this service's own loopback endpoint (known once it listens). */
  customsCallbackUrl: string | undefined;
  /** The bearer token a receipt callback must carry to prove it comes from customs. */
  customsCallbackToken: string;
  /** Seconds between polls of customs for receipts the callback did not bring; 0 turns the poller off. */
  customsPollSeconds: number;
  /** How long after submission a declaration is still polled for receipts. */
  customsPollWindowHours: number;
  /** Key of the HMAC that derives Person.id from an ID number (the registry's PII_HASH_KEY). */
  piiHashKey: string;
}

/** What `startSimulator` and `simulators/main.js` expect without SIM_TOKEN (`sim-<agency>-token`). */
const SIMULATOR_TOKEN: Record<Agency, string> = {
  SAIC: 'sim-saic-token',
  TAX: 'sim-tax-token',
  PUBLIC_SECURITY: 'sim-public-security-token',
  CUSTOMS: 'sim-customs-token',
};

const ENV_PREFIX: Record<Agency, string> = {
  SAIC: 'AGENCY_SAIC',
  TAX: 'AGENCY_TAX',
  PUBLIC_SECURITY: 'AGENCY_PUBLIC_SECURITY',
  CUSTOMS: 'AGENCY_CUSTOMS',
};

/** Reads the agencies subgraph's environment once; every problem is reported together. */
export function readAgenciesConfig(env: NodeJS.ProcessEnv = process.env): AgenciesConfig {
  const read = new EnvReader(env);
  const production = isProduction(env);
  const endpoints = Object.fromEntries(AGENCIES.map((agency) => [agency, readEndpoint(read, agency, production)])) as Record<Agency, AgencyEndpoint>;
  const callbackUrl = read.optional('AGENCY_CUSTOMS_CALLBACK_URL');
  if (callbackUrl !== undefined && !isHttpUrl(callbackUrl)) read.problem(`AGENCY_CUSTOMS_CALLBACK_URL must be an http(s) URL, got "${callbackUrl}"`);
  const config: AgenciesConfig = {
    port: read.int('AGENCIES_PORT', 4003, 0, 65535),
    host: read.string('HOST', '127.0.0.1'),
    databaseUrl: read.string('DATABASE_URL'),
    trust: readGatewayTrust(read, production),
    endpoints,
    resilience: {
      retries: read.int('AGENCY_RETRIES', 2, 0, 10),
      retryInitialDelayMs: read.int('AGENCY_RETRY_INITIAL_DELAY_MS', 100, 1, 60_000),
      retryMaxDelayMs: read.int('AGENCY_RETRY_MAX_DELAY_MS', 2000, 1, 300_000),
      breakerFailures: read.int('AGENCY_BREAKER_FAILURES', 5, 1, 1000),
      breakerHalfOpenMs: read.int('AGENCY_BREAKER_HALF_OPEN_MS', 30_000, 1, 3_600_000),
      cacheTtlMs: read.int('AGENCY_CACHE_TTL_SECONDS', 300, 0, 7 * 24 * 3600) * 1000,
      staleMaxMs: read.int('AGENCY_STALE_MAX_SECONDS', 24 * 3600, 0, 30 * 24 * 3600) * 1000,
      cacheMaxEntries: read.int('AGENCY_CACHE_MAX_ENTRIES', 10_000, 1, 10_000_000),
    },
    refreshMinutes: read.int('AGENCY_REFRESH_MINUTES', 60, 0, 7 * 24 * 60),
    customsCallbackUrl: callbackUrl,
    // The simulator signs its callbacks with the token it accepts; a real customs link may use its own.
    customsCallbackToken: read.string('AGENCY_CUSTOMS_CALLBACK_TOKEN', endpoints.CUSTOMS.token),
    customsPollSeconds: read.int('AGENCY_CUSTOMS_POLL_SECONDS', 30, 0, 24 * 3600),
    customsPollWindowHours: read.int('AGENCY_CUSTOMS_POLL_WINDOW_HOURS', 72, 1, 90 * 24),
    piiHashKey: production ? read.string('PII_HASH_KEY') : read.string('PII_HASH_KEY', DEV_PII_HASH_KEY),
  };
  if (config.resilience.retryMaxDelayMs < config.resilience.retryInitialDelayMs) {
    read.problem('AGENCY_RETRY_MAX_DELAY_MS must not be below AGENCY_RETRY_INITIAL_DELAY_MS');
  }
  read.done();
  return config;
}

function readEndpoint(read: EnvReader, agency: Agency, production: boolean): AgencyEndpoint {
  const prefix = ENV_PREFIX[agency];
  const url = read.string(`${prefix}_URL`);
  if (url && !isHttpUrl(url)) read.problem(`${prefix}_URL must be an http(s) URL, got "${url}"`);
  // In development the default is the token the agency's simulator expects; a real agency needs its credential.
  const token = production ? read.string(`${prefix}_TOKEN`) : read.string(`${prefix}_TOKEN`, SIMULATOR_TOKEN[agency]);
  return { url: url.replace(/\/+$/, ''), token, timeoutMs: read.int(`${prefix}_TIMEOUT_MS`, 2000, 1, 120_000) };
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
