import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from '@sw/kernel';
import { seededRandom } from './deterministic';

/**
 * The common part of every agency simulator: bearer-token auth, `/healthz`, the `/__control`
 * endpoint tests use to inject latency and failures, JSON bodies, 404 and 400 answers.
 *
 * Order of a request: log on finish → `/healthz` (no auth; latency and outage apply) → auth →
 * JSON body → `/__control` (never slowed or failed) → latency → outage / random failure →
 * the agency's routes → 404.
 */

export const AGENCIES = ['saic', 'tax', 'public-security', 'customs'] as const;
export type Agency = (typeof AGENCIES)[number];

export function isAgency(value: string): value is Agency {
  return (AGENCIES as readonly string[]).includes(value);
}

/** The settings `/__control` reports: the common ones plus each agency's own numbers. */
export interface ControlSettings {
  latencyMs: number;
  failureRate: number;
  fail: boolean;
  failStatus: number;
  /** When set, random failures come from a seeded PRNG (reproducible); null uses Math.random. */
  seed: number | null;
  /** Agency-specific numbers: `rebateStepMs` (tax); `receiptStepMs`, `callbackRetries`, `callbackBackoffMs` (customs). */
  [agencySetting: string]: number | boolean | null;
}

/** What `POST /__control` accepts; every field is optional, `reset: true` restores the defaults first. */
export interface ControlInput {
  latencyMs?: number;
  failureRate?: number;
  fail?: boolean;
  failStatus?: number;
  seed?: number | null;
  reset?: boolean;
  rebateStepMs?: number;
  receiptStepMs?: number;
  callbackRetries?: number;
  callbackBackoffMs?: number;
}

export interface NumberSetting {
  default: number;
  min: number;
  max: number;
  integer?: boolean;
}

/** Answered as 400 `{ "error": message }`. */
export class BadRequest extends Error {}
/** Answered as 404 `{ "error": "not found" }`. */
export class NotFound extends Error {
  constructor() {
    super('not found');
  }
}
/** Answered as 409 `{ "error": message }`. */
export class Conflict extends Error {}

/** Timers a simulator owns; `stop()` clears every one, so a stopped simulator leaves nothing running. */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly controller = new AbortController();

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  /** Aborted when the simulator stops: pass it to outgoing fetches. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  later(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      fn();
    }, ms);
    this.pending.add(timer);
  }

  /** Resolves after `ms`; never resolves when the simulator stops first. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.later(ms, resolve));
  }

  stop(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    this.controller.abort();
  }
}

export interface SimulatorContext {
  agency: Agency;
  token: string;
  logger: Logger;
  timers: Timers;
  settings(): Readonly<ControlSettings>;
  /** An agency-specific numeric setting (declared in its definition). */
  number(name: string): number;
}

export interface AgencyDefinition {
  agency: Agency;
  /** Agency-specific numeric settings accepted by `/__control`. */
  settings?: Record<string, NumberSetting>;
  create(context: SimulatorContext): { router: Router; stop?(): void };
}

export interface SimulatorAppOptions {
  token: string;
  logger: Logger;
  settings?: ControlInput;
}

export interface SimulatorApp {
  app: Express;
  context: SimulatorContext;
  /** Clears the simulator's timers and aborts its outgoing calls (the HTTP server is closed by the caller). */
  stop(): void;
}

type Spec = { kind: 'number'; setting: NumberSetting } | { kind: 'boolean'; default: boolean } | { kind: 'seed' };

const COMMON_SPECS: Record<string, Spec> = {
  latencyMs: { kind: 'number', setting: { default: 0, min: 0, max: 120_000, integer: true } },
  failureRate: { kind: 'number', setting: { default: 0, min: 0, max: 1 } },
  fail: { kind: 'boolean', default: false },
  failStatus: { kind: 'number', setting: { default: 503, min: 400, max: 599, integer: true } },
  seed: { kind: 'seed' },
};

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Builds the express app of one simulator. */
export function createSimulatorApp(definition: AgencyDefinition, options: SimulatorAppOptions): SimulatorApp {
  const { agency } = definition;
  const { logger, token } = options;
  const specs: Record<string, Spec> = { ...COMMON_SPECS };
  for (const [name, setting] of Object.entries(definition.settings ?? {})) specs[name] = { kind: 'number', setting };

  const defaults = (): ControlSettings => {
    const out: ControlSettings = { latencyMs: 0, failureRate: 0, fail: false, failStatus: 503, seed: null };
    for (const [name, spec] of Object.entries(specs)) {
      out[name] = spec.kind === 'number' ? spec.setting.default : spec.kind === 'boolean' ? spec.default : null;
    }
    return out;
  };
  let settings = defaults();
  let random: () => number = Math.random;

  /** Validates every field first and applies all or nothing. */
  const applyControl = (body: unknown): void => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new BadRequest('control body must be a JSON object');
    }
    const input = body as Record<string, unknown>;
    const next: ControlSettings = input.reset === true ? defaults() : { ...settings };
    if (input.reset !== undefined && typeof input.reset !== 'boolean') throw new BadRequest('reset: must be true or false');
    for (const [name, value] of Object.entries(input)) {
      if (name === 'reset') continue;
      const spec = specs[name];
      if (!spec) throw new BadRequest(`unknown control setting "${name}" (known: ${[...Object.keys(specs), 'reset'].join(', ')})`);
      if (spec.kind === 'boolean') {
        if (typeof value !== 'boolean') throw new BadRequest(`${name}: must be true or false`);
        next[name] = value;
      } else if (spec.kind === 'seed') {
        if (value !== null && !(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xffff_ffff)) {
          throw new BadRequest(`${name}: must be an integer between 0 and 4294967295, or null`);
        }
        next[name] = value as number | null;
      } else {
        const { min, max, integer } = spec.setting;
        if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
          throw new BadRequest(`${name}: must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}`);
        }
        next[name] = value;
      }
    }
    const reseed = input.reset === true || 'seed' in input;
    settings = next;
    if (reseed) random = settings.seed === null ? Math.random : seededRandom(settings.seed);
  };
  if (options.settings) applyControl(options.settings);

  const timers = new Timers();
  const context: SimulatorContext = {
    agency,
    token,
    logger,
    timers,
    settings: () => settings,
    number: (name) => {
      const value = settings[name];
      if (typeof value !== 'number') throw new Error(`simulator ${agency} has no numeric setting ${name}`);
      return value;
    },
  };

  const expected = sha256(token);
  const authorized = (header: string | undefined): boolean => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    return match !== null && timingSafeEqual(sha256(match[1]!), expected);
  };

  // Latency, then an outage or a random failure; never applied to /__control.
  const chaos = async (_req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (settings.latencyMs > 0) await timers.sleep(settings.latencyMs);
    if (settings.fail || (settings.failureRate > 0 && random() < settings.failureRate)) {
      res.status(settings.failStatus).json({ error: 'simulated outage' });
      return;
    }
    next();
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  // One line per request: method, path (no query string), status, time. Never bodies.
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const path = req.originalUrl.split('?')[0];
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const quiet = path === '/healthz' || path === '/__control';
      logger[quiet ? 'debug' : 'info']({ agency, method: req.method, path, status: res.statusCode, ms: Math.round(ms) }, 'request');
    });
    next();
  });

  app.get('/healthz', chaos, (_req, res) => {
    res.json({ status: 'ok', agency });
  });

  app.use((req, res, next) => {
    if (authorized(req.headers.authorization)) return next();
    res.status(401).json({ error: 'unauthorized' });
  });

  app.use(express.json({ limit: '1mb' }));

  app.get('/__control', (_req, res) => {
    res.json(settings);
  });
  app.post('/__control', (req, res) => {
    applyControl(req.body ?? {});
    logger.info({ agency, settings }, 'control settings changed');
    res.json(settings);
  });

  app.use(chaos);
  const created = definition.create(context);
  app.use(created.router);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });

  // Errors: our own 400/404/409, body-parser's (without echoing the body), else 500.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent || req.socket.destroyed) return;
    if (error instanceof BadRequest) return void res.status(400).json({ error: error.message });
    if (error instanceof NotFound) return void res.status(404).json({ error: 'not found' });
    if (error instanceof Conflict) return void res.status(409).json({ error: error.message });
    const type = (error as { type?: string } | null)?.type;
    if (type === 'entity.parse.failed') return void res.status(400).json({ error: 'body is not valid JSON' });
    if (type === 'entity.too.large') return void res.status(413).json({ error: 'body too large (limit 1mb)' });
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      return void res.status(415).json({ error: 'unsupported body encoding or charset' });
    }
    // The message only: a stack or an error object could carry request data.
    logger.error({ agency, path: req.originalUrl.split('?')[0], message: error instanceof Error ? error.message : String(error) }, 'simulator error');
    res.status(500).json({ error: 'internal error' });
  });

  return {
    app,
    context,
    stop: () => {
      timers.stop();
      created.stop?.();
    },
  };
}

/** Reads a required JSON object body. */
export function objectBody(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequest('body must be a JSON object (Content-Type: application/json)');
  }
  return body as Record<string, unknown>;
}

/** A required non-blank string field of at most `max` characters, trimmed. */
export function requiredString(body: Record<string, unknown>, field: string, max: number): string {
  const value = body[field];
  if (typeof value !== 'string') throw new BadRequest(`${field}: must be a string`);
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new BadRequest(`${field}: must not be blank`);
  if ([...trimmed].length > max) throw new BadRequest(`${field}: must be at most ${max} characters`);
  return trimmed;
}
