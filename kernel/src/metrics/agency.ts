import { Counter, Gauge, Histogram } from 'prom-client';
import { processRegistry } from './registry';

/** How one request to an agency ended (one attempt; retries are attempts of their own). */
export type AgencyAttemptOutcome = 'ok' | 'timeout' | 'network' | 'upstream_error' | 'credentials_refused' | 'bad_response' | 'refused' | 'error';

/** cockatiel's circuit states as the agencies subgraph names them. */
export const CIRCUIT_STATES = ['closed', 'open', 'half-open', 'isolated'] as const;

const attemptDuration = new Histogram({
  name: 'sw_agency_request_duration_seconds',
  help: 'Latency of each request to an external agency (every retry is one), by agency and outcome',
  labelNames: ['agency', 'outcome'],
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
  registers: [processRegistry],
});

const failures = new Counter({
  name: 'sw_agency_failures_total',
  help: 'Agency calls that failed after retries (UPSTREAM_UNAVAILABLE, a stale answer may still have been served), by agency and reason',
  labelNames: ['agency', 'reason'],
  registers: [processRegistry],
});

const circuits = new Map<string, () => string>();

new Gauge({
  name: 'sw_agency_circuit_state',
  help: 'Circuit breaker state per agency: 1 for the current state (closed, open, half-open, isolated), 0 for the others',
  labelNames: ['agency', 'state'],
  registers: [processRegistry],
  collect() {
    this.reset();
    for (const [agency, read] of circuits) {
      const current = read();
      for (const state of CIRCUIT_STATES) this.set({ agency, state }, state === current ? 1 : 0);
    }
  },
});

/**
 * What the agencies subgraph reports about its upstream calls. The metrics live in the process
 * registry, so they appear on that service's `/metrics`.
 */
export const agencyMetrics = {
  /** Starts timing one attempt; call the returned function with its outcome when it ends. */
  startAttempt(agency: string): (outcome: AgencyAttemptOutcome) => void {
    const end = attemptDuration.startTimer({ agency });
    return (outcome) => {
      end({ outcome });
    };
  },
  observeAttempt(agency: string, seconds: number, outcome: AgencyAttemptOutcome): void {
    attemptDuration.observe({ agency, outcome }, seconds);
  },
  /** A call that could not be served by the agency, with the reason it reports (TIMEOUT, CIRCUIT_OPEN, …). */
  countFailure(agency: string, reason: string): void {
    failures.inc({ agency, reason });
  },
  /** The breaker state is read at each scrape; the latest registration per agency wins. */
  watchCircuit(agency: string, read: () => string): void {
    circuits.set(agency, read);
  },
};
