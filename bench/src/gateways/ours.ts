import { readGatewayConfig, startGateway } from '@sw/gateway';
import { createLogger } from '@sw/kernel';
import { serveChild } from '../child';

/** Our gateway (@sw/gateway) exactly as main.ts runs it, configured only by the environment the bench gives. */
serveChild(async () => {
  const gateway = await startGateway(readGatewayConfig(process.env), createLogger('bench-gateway', process.env.LOG_LEVEL ?? 'warn'));
  return { ready: { url: gateway.url }, stop: () => gateway.stop() };
});
