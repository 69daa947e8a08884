import type { EnvReader } from '@sw/kernel';

/** Federated subscriptions (README, "Subscriptions"). */
export interface SubscriptionsConfig {
  /**
   * Messages a subscription may have waiting for a client that does not read its socket; past
   * that the client is disconnected with SLOW_CLIENT_CLOSE_CODE. Also bounds the events a
   * shared stream may have waiting for their entity fetches.
   */
  clientQueue: number;
  /** Longest wait between reconnection attempts to a subgraph's stream (backoff from 100 ms). */
  reconnectMaxMs: number;
}

/** A client that does not keep up is closed with this code (and a reason naming the limit). */
export const SLOW_CLIENT_CLOSE_CODE = 4008;

export function readSubscriptionsConfig(read: EnvReader): SubscriptionsConfig {
  return {
    clientQueue: read.int('SUBSCRIPTION_CLIENT_QUEUE', 1000, 1, 1_000_000),
    reconnectMaxMs: read.int('SUBSCRIPTION_RECONNECT_MAX_MS', 5000, 100, 600_000),
  };
}
