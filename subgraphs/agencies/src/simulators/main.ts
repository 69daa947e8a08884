import { createLogger, EnvReader, stopOnSignals } from '@sw/kernel';
import { AGENCIES, DEFAULT_PORTS, defaultToken, isAgency, startSimulator } from './index';

/**
 * Runs one agency simulator as its own process until SIGINT/SIGTERM:
 *
 *   node subgraphs/agencies/dist/simulators/main.js <saic|tax|public-security|customs>
 *
 * Env: SIM_PORT (default 4101 saic, 4102 tax, 4103 public-security, 4104 customs),
 * SIM_TOKEN (default sim-<agency>-token), HOST (default 127.0.0.1), LOG_LEVEL.
 */
async function main(): Promise<void> {
  const agency = process.argv[2] ?? '';
  if (!isAgency(agency)) {
    console.error(`usage: node subgraphs/agencies/dist/simulators/main.js <${AGENCIES.join('|')}>`);
    process.exit(2);
  }
  const env = new EnvReader();
  const port = env.int('SIM_PORT', DEFAULT_PORTS[agency], 0, 65_535);
  const token = env.string('SIM_TOKEN', defaultToken(agency));
  const host = env.string('HOST', '127.0.0.1');
  env.done();

  const logger = createLogger(`${agency}-simulator`);
  const simulator = await startSimulator(agency, { port, token, host, logger });
  logger.info({ agency, url: simulator.url }, `${agency} simulator listening on ${simulator.url}`);
  stopOnSignals(logger, () => simulator.stop());
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
