import { EnvReader, isProduction, readGatewayTrust, type GatewayTrust } from '@sw/kernel';
import { fenToMoney, isMoney, toFen } from './common/money';
import { isPeriod } from './common/periods';
import { isTargetKey, TARGET_KEYS, TARGETS, type TargetKey } from './targets/targets';

export interface StatisticsConfig {
  port: number;
  host: string;
  databaseUrl: string;
  trust: GatewayTrust;
  /** How often the bus consumer polls when no NOTIFY arrives. */
  consumerPollMs: number;
  /** The month whose composite index is 100 (INDEX.md). */
  indexBasePeriod: string;
  /** Minutes between runs of the job that publishes the last closed month's index (it also runs at start); 0 turns it off. */
  publishIntervalMinutes: number;
  /** Non-regulators see an aggregate cell only when at least this many enterprises make it up (README.md). */
  minEnterprisesPerCell: number;
  /** The plan's figure per target key, decimal strings. */
  targets: Record<TargetKey, string>;
}

/** Reads the statistics subgraph's environment once; every problem is reported together. */
export function readStatisticsConfig(env: NodeJS.ProcessEnv = process.env): StatisticsConfig {
  const read = new EnvReader(env);
  const production = isProduction(env);
  const indexBasePeriod = read.string('STATISTICS_INDEX_BASE_PERIOD', '2026-01');
  if (!isPeriod(indexBasePeriod, 'MONTH')) read.problem(`STATISTICS_INDEX_BASE_PERIOD must be a month written YYYY-MM, got "${indexBasePeriod}"`);
  const config: StatisticsConfig = {
    port: read.int('STATISTICS_PORT', 4007, 0, 65535),
    host: read.string('HOST', '127.0.0.1'),
    databaseUrl: read.string('DATABASE_URL'),
    trust: readGatewayTrust(read, production),
    consumerPollMs: read.int('STATISTICS_CONSUMER_POLL_MS', 1000, 10, 60_000),
    indexBasePeriod,
    publishIntervalMinutes: read.int('STATISTICS_PUBLISH_INTERVAL_MINUTES', 60, 0, 7 * 24 * 60),
    minEnterprisesPerCell: read.int('STATISTICS_MIN_ENTERPRISES', 3, 1, 1000),
    targets: readTargets(read, read.optional('STATISTICS_TARGETS')),
  };
  read.done();
  return config;
}

/** `KEY=value,KEY=value`: overrides of the plan's figures; keys left out keep theirs. */
function readTargets(read: EnvReader, raw: string | undefined): Record<TargetKey, string> {
  const targets = Object.fromEntries(TARGET_KEYS.map((key) => [key, TARGETS[key].target])) as Record<TargetKey, string>;
  for (const entry of (raw ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const [key, value = ''] = entry.split('=').map((part) => part.trim());
    if (!isTargetKey(key)) {
      read.problem(`STATISTICS_TARGETS: unknown key "${key}"; the keys are ${TARGET_KEYS.join(', ')}`);
    } else if (!isMoney(value) || (TARGETS[key].whole && toFen(value) % 100n !== 0n)) {
      read.problem(`STATISTICS_TARGETS: ${key} must be a non-negative ${TARGETS[key].whole ? 'whole number' : 'decimal with at most two places'}, got "${value}"`);
    } else {
      targets[key] = fenToMoney(toFen(value));
    }
  }
  return targets;
}
