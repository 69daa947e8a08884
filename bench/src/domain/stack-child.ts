import { readAccessConfig, startAccess } from '@sw/access';
import { readAgenciesConfig, startAgencies, startSimulator } from '@sw/agencies';
import { readCreditConfig, startCredit } from '@sw/credit';
import { createLogger } from '@sw/kernel';
import { readRegistryConfig, startRegistry } from '@sw/registry';
import { serveChild } from '../child';

/**
 * Workload B's subgraphs as e2e/src/stack.ts starts them (registry, access, credit, agencies
 * and the agency simulators), in one process on free loopback ports, on DATABASE_URL. They
 * refuse unsigned calls: the gateway and the floor sign the caller.
 */
serveChild(async () => {
  const databaseUrl = process.env.DATABASE_URL!;
  const silent = createLogger('bench-stack', 'silent');
  const registry = await startRegistry(readRegistryConfig({ DATABASE_URL: databaseUrl, REGISTRY_PORT: '0' }), silent);
  const access = await startAccess(readAccessConfig({ DATABASE_URL: databaseUrl, ACCESS_PORT: '0' }), silent);
  const credit = await startCredit(readCreditConfig({ DATABASE_URL: databaseUrl, CREDIT_PORT: '0', CREDIT_CONSUMER_POLL_MS: '100' }), silent);
  const simulators = {
    saic: await startSimulator('saic', { logger: silent }),
    tax: await startSimulator('tax', { logger: silent }),
    'public-security': await startSimulator('public-security', { logger: silent }),
    customs: await startSimulator('customs', { logger: silent }),
  };
  const agencies = await startAgencies(readAgenciesConfig({
    DATABASE_URL: databaseUrl,
    AGENCIES_PORT: '0',
    AGENCY_SAIC_URL: simulators.saic.url,
    AGENCY_TAX_URL: simulators.tax.url,
    AGENCY_PUBLIC_SECURITY_URL: simulators['public-security'].url,
    AGENCY_CUSTOMS_URL: simulators.customs.url,
  }), silent);
  return {
    ready: { registry: registry.url, access: access.url, credit: credit.url, agencies: agencies.url },
    async stop() {
      await agencies.stop();
      await Promise.all(Object.values(simulators).map((simulator) => simulator.stop()));
      await credit.stop();
      await access.stop();
      await registry.stop();
    },
  };
});
