import { EnvReader, isProduction, readGatewayTrust, type GatewayTrust } from '@sw/kernel';

export interface TraceabilityConfig {
  port: number;
  host: string;
  databaseUrl: string;
  trust: GatewayTrust;
  /** Largest request body: a captureTraceEvents batch or an EPCIS document of thousands of events (the gateway's BULK_BODY_LIMIT). */
  bodyLimit: string;
  /** How far ahead of the server's clock an event time may be, in seconds (clock skew). */
  futureToleranceSeconds: number;
  /** Most events in one captureTraceEvents or importEpcisDocument call. */
  captureMaxEvents: number;
  /** Most events one trace returns (the oldest; Trace.truncated says more exist). */
  traceMaxEvents: number;
}

/** Reads the traceability subgraph's environment once; every problem is reported together. */
export function readTraceabilityConfig(env: NodeJS.ProcessEnv = process.env): TraceabilityConfig {
  const read = new EnvReader(env);
  const production = isProduction(env);
  const bodyLimit = read.string('TRACEABILITY_BODY_LIMIT', '20mb');
  if (!/^\d+(\.\d+)?\s*(b|kb|mb|gb)$/i.test(bodyLimit)) read.problem(`TRACEABILITY_BODY_LIMIT must be a size such as 20mb, got "${bodyLimit}"`);
  const config: TraceabilityConfig = {
    port: read.int('TRACEABILITY_PORT', 4006, 0, 65535),
    host: read.string('HOST', '127.0.0.1'),
    databaseUrl: read.string('DATABASE_URL'),
    trust: readGatewayTrust(read, production),
    bodyLimit,
    futureToleranceSeconds: read.int('TRACE_FUTURE_TOLERANCE_SECONDS', 300, 0, 24 * 3600),
    captureMaxEvents: read.int('TRACE_CAPTURE_MAX_EVENTS', 10_000, 1, 100_000),
    traceMaxEvents: read.int('TRACE_MAX_EVENTS', 10_000, 1, 1_000_000),
  };
  read.done();
  return config;
}
