import { createHash, timingSafeEqual } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * Metrics that belong to the process rather than to one server in it: Node's own (CPU, memory,
 * event loop, GC), the database pools, the bus consumers' lag and the agency calls. Every
 * `/metrics` of the process includes them; each server adds its own registry (request counts).
 */
export const processRegistry = new Registry();

let defaultMetricsStarted = false;

/** Starts prom-client's default Node metrics once per process (they sample the event loop). */
export function collectProcessMetrics(): void {
  if (defaultMetricsStarted) return;
  defaultMetricsStarted = true;
  collectDefaultMetrics({ register: processRegistry });
}

export interface MetricsSettings {
  /** When set, `/metrics` answers only `Authorization: Bearer <token>`. */
  token?: string;
  /** Distinct operation names that get their own label value; later ones count as "(other)". */
  maxOperationNames: number;
}

/** METRICS_TOKEN and METRICS_MAX_OPERATIONS. */
export function readMetricsSettings(env: NodeJS.ProcessEnv = process.env): MetricsSettings {
  const max = Number(env.METRICS_MAX_OPERATIONS ?? 200);
  if (!Number.isInteger(max) || max < 0) throw new Error(`METRICS_MAX_OPERATIONS must be a whole number, got "${env.METRICS_MAX_OPERATIONS}"`);
  return { token: env.METRICS_TOKEN || undefined, maxOperationNames: max };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares in constant time (over digests, so lengths do not leak either). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '';
  return timingSafeEqual(digest(presented), digest(token));
}

export interface MetricsEndpointOptions {
  /** The registries to expose, after the process registry. */
  registries: Registry[];
  token?: string;
}

/** The `/metrics` handler: Prometheus text of the process registry and `registries`. Not behind GraphQL auth. */
export function metricsHandler(options: MetricsEndpointOptions): (req: Request, res: Response) => Promise<void> {
  collectProcessMetrics();
  const registries = [processRegistry, ...options.registries];
  return async (req, res) => {
    if (options.token && !bearerMatches(req.headers.authorization, options.token)) {
      res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').type('text/plain')
        .send('metrics need "Authorization: Bearer <METRICS_TOKEN>"\n');
      return;
    }
    try {
      const texts = await Promise.all(registries.map((registry) => registry.metrics()));
      res.set('Content-Type', processRegistry.contentType).set('Cache-Control', 'no-store')
        .send(texts.filter((text) => text.trim()).map((text) => (text.endsWith('\n') ? text : `${text}\n`)).join(''));
    } catch (error) {
      res.status(500).type('text/plain').send(`metrics collection failed: ${(error as Error).message}\n`);
    }
  };
}

/** Mounts GET /metrics on an express app. */
export function mountMetrics(app: Express, options: MetricsEndpointOptions): void {
  app.get('/metrics', metricsHandler(options));
}
