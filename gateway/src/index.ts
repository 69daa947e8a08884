export { readGatewayConfig, type GatewayConfig } from './config';
export { startGateway, type RunningGateway } from './server';
export { loadSupergraph } from './supergraph';
