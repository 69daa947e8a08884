import { createServer } from 'node:http';
import { createLogger, type Logger } from '@sw/kernel';
import { customsSimulator } from './customs';
import { publicSecuritySimulator } from './public-security';
import { saicSimulator } from './saic';
import { createSimulatorApp, type Agency, type AgencyDefinition, type ControlInput, type ControlSettings } from './simulator-app';
import { taxSimulator } from './tax';

export { AGENCIES, isAgency, type Agency, type ControlInput, type ControlSettings } from './simulator-app';
export { sampleIdNumber, sampleUscc } from './deterministic';
export {
  establishedOnFor, isNewEnterprise, saicHasPublicity, saicKnows, saicRecordFor,
  type PublicityEntry, type PublicityList, type SaicRecord, type SaicStatus,
} from './saic';
export {
  rebateHistoryFor, taxRatingFor, vatExemptionFor,
  type RebateItem, type RebateStatus, type TaxGrade, type TaxRating, type VatExemption,
} from './tax';
export {
  identityFixture, identityResultFor, isRegisteredIdNumber, registeredNameFor,
  type IdentityCheck, type IdentityResult,
} from './public-security';
export { customsRejects, receiptPlanFor, RECEIPT_MESSAGE_TYPES, type CustomsReceipt } from './customs';

const DEFINITIONS: Record<Agency, AgencyDefinition> = {
  saic: saicSimulator,
  tax: taxSimulator,
  'public-security': publicSecuritySimulator,
  customs: customsSimulator,
};

/** The port each simulator listens on when run by `main.js` without SIM_PORT. */
export const DEFAULT_PORTS: Readonly<Record<Agency, number>> = { saic: 4101, tax: 4102, 'public-security': 4103, customs: 4104 };

/** The token a simulator expects when none is configured: `sim-<agency>-token`. */
export function defaultToken(agency: Agency): string {
  return `sim-${agency}-token`;
}

export interface StartSimulatorOptions {
  /** 0 or omitted: a free port chosen by the OS (pass DEFAULT_PORTS[agency] for the fixed one). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default `sim-<agency>-token`. */
  token?: string;
  /** Default: a logger at SIM_LOG_LEVEL, else 'warn' (request lines are 'info'). */
  logger?: Logger;
  /** Control settings applied before the first request. */
  settings?: ControlInput;
}

export interface RunningSimulator {
  agency: Agency;
  /** Base URL without a trailing slash: `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  token: string;
  /** POST /__control; resolves with the settings now in force, rejects when the simulator refuses them. */
  control(settings: ControlInput): Promise<ControlSettings>;
  /** Stops listening at once (open connections are closed), clears timers, abandons pending callbacks. */
  stop(): Promise<void>;
}

/** Starts one agency simulator on loopback (or `host`). */
export async function startSimulator(agency: Agency, options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const definition = DEFINITIONS[agency];
  if (!definition) throw new Error(`unknown agency "${String(agency)}" (known: ${Object.keys(DEFINITIONS).join(', ')})`);
  const token = options.token ?? defaultToken(agency);
  const logger = options.logger ?? createLogger(`${agency}-simulator`, process.env.SIM_LOG_LEVEL ?? 'warn');
  const simulator = createSimulatorApp(definition, { token, logger, settings: options.settings });
  const server = createServer(simulator.app);
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    simulator.stop();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  let stopping: Promise<void> | undefined;

  return {
    agency,
    url,
    port,
    token,
    async control(settings) {
      const response = await fetch(`${url}/__control`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(settings),
      });
      const body = (await response.json()) as ControlSettings & { error?: string };
      if (!response.ok) throw new Error(`${agency} simulator refused the control settings: ${body.error ?? response.status}`);
      return body;
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        simulator.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
