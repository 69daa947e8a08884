import {
  createDataSource, createSql, grantConsumer, PartnerGrants, runMigrations, serveSubgraph, type BusConsumer, type Logger, type RunningServer,
} from '@sw/kernel';
import { agenciesMigrations, busMigrations } from '@sw/migrations';
import type { Express } from 'express';
import type { DataSource, Logger as QueryLogger } from 'typeorm';
import type { AgenciesConfig } from './config';
import type { AgenciesContext, AgenciesServices } from './context';
import { CreditInputs } from './credit-inputs/credit-inputs.service';
import { RefreshJob } from './credit-inputs/refresh.job';
import { HttpCustomsGateway } from './customs/customs.client';
import { RECEIPTS_PATH, receiptsRouter } from './customs/customs.receipts';
import { CustomsService } from './customs/customs.service';
import { Periodic } from './jobs/periodic';
import { HttpPublicSecurityClient } from './public-security/public-security.client';
import { IdentityService } from './public-security/identity.service';
import { AGENCIES, type Agency } from './resilience/agency';
import { AgencyCall } from './resilience/agency-call';
import { AgencyHttp } from './resilience/agency-http';
import { HttpSaicClient } from './saic/saic.client';
import { SaicService } from './saic/saic.service';
import { buildAgenciesSchema } from './schema';
import { HttpTaxClient } from './tax/tax.client';
import { TaxService } from './tax/tax.service';
import { startClearanceHandOff, type ClearanceHandOff } from './customs/clearance-handoff.consumer';

export interface RunningAgencies extends RunningServer {
  db: DataSource;
  services: AgenciesServices;
  /** Each agency's resilient call: breaker state, attempts, cache. */
  calls: Record<Agency, AgencyCall>;
  /** Re-reads watched enterprises every AGENCY_REFRESH_MINUTES; `run()` does it now. */
  refresh: Periodic & { job: RefreshJob };
  /** Polls customs for receipts every AGENCY_CUSTOMS_POLL_SECONDS; `run()` does it now. */
  receiptPoller: Periodic;
  /** Keeps agencies.partner_grants, the consent grants partners read TAX and REBATE under. */
  grantConsumer: BusConsumer;
  /** Sends declarations clearance hands over to customs. */
  handOff: ClearanceHandOff;
}

/** Migrates the agencies schema, serves the subgraph and the customs receipt callback, then schedules the refresh and the poller. */
export async function startAgencies(config: AgenciesConfig, logger: Logger, queryLogger?: QueryLogger): Promise<RunningAgencies> {
  const applied = await runMigrations(config.databaseUrl, [busMigrations, agenciesMigrations]);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  // No entities: the few tables here are written with plain SQL inside TypeORM transactions (publish needs one).
  const db = createDataSource({ url: config.databaseUrl, schema: 'agencies', entities: [], queryLogger });
  await db.initialize();

  const calls = Object.fromEntries(AGENCIES.map((agency) => [agency, new AgencyCall(agency, {
    ...config.resilience, timeoutMs: config.endpoints[agency].timeoutMs,
  }, logger)])) as Record<Agency, AgencyCall>;
  const http = (agency: Agency) => new AgencyHttp(agency, config.endpoints[agency].url, config.endpoints[agency].token);
  const inputs = new CreditInputs(db, logger);
  // postgres.js for the grant projection's consumer and the grant checks (the rest goes through TypeORM).
  const sql = createSql(config.databaseUrl, 2);
  const grants = new PartnerGrants(sql, 'agencies');
  const grantsConsumer = grantConsumer(sql, 'agencies', { logger });
  const services: AgenciesServices = {
    saic: new SaicService(new HttpSaicClient(http('SAIC')), calls.SAIC, inputs, logger),
    tax: new TaxService(db, new HttpTaxClient(http('TAX')), calls.TAX, inputs, logger, grants),
    identity: new IdentityService(db, new HttpPublicSecurityClient(http('PUBLIC_SECURITY')), calls.PUBLIC_SECURITY, config.piiHashKey, logger),
    customs: new CustomsService(db, new HttpCustomsGateway(http('CUSTOMS')), calls.CUSTOMS, logger, config.customsPollWindowHours),
  };

  let server: RunningServer;
  try {
    await grantsConsumer.start();
    const { schema } = await buildAgenciesSchema();
    server = await serveSubgraph({
      name: 'agencies',
      schema,
      port: config.port,
      host: config.host,
      logger,
      trust: config.trust,
      // Ready means our own dependencies answer; an agency that is down degrades fields, not the service.
      ready: async () => (await db.query('select 1')).length === 1,
      extendContext: (base): AgenciesContext => ({ ...base, services }),
    });
  } catch (error) {
    await grantsConsumer.stop();
    await sql.end({ timeout: 5 });
    await db.destroy();
    throw error;
  }
  // The kernel's server hands requests to one express app; the customs callback joins it beside /graphql.
  const app = server.http.listeners('request')[0] as Express;
  app.use(receiptsRouter(services.customs, config.customsCallbackToken, logger));
  services.customs.callbackUrl = config.customsCallbackUrl ?? `http://127.0.0.1:${server.port}${RECEIPTS_PATH}`;

  const job = new RefreshJob(inputs, services.saic, services.tax, logger, config.refreshMinutes);
  const refresh = Object.assign(new Periodic('agency-refresh', config.refreshMinutes * 60_000, logger, () => job.runOnce()), { job });
  const receiptPoller = new Periodic('customs-receipt-poller', config.customsPollSeconds * 1000, logger, () => services.customs.pollOnce());
  refresh.start();
  receiptPoller.start();
  const handOff = await startClearanceHandOff(config.databaseUrl, services.customs, logger);
  return {
    ...server,
    db,
    services,
    calls,
    refresh,
    receiptPoller,
    grantConsumer: grantsConsumer,
    handOff,
    async stop() {
      await handOff.stop();
      await refresh.stop();
      await receiptPoller.stop();
      await server.stop();
      await grantsConsumer.stop();
      await sql.end({ timeout: 5 });
      await db.destroy();
    },
  };
}
